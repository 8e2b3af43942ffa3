import type { FlowFile } from "../ast/types.js";
import { type ChoiceStep, type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import type { FlowGraph, GraphBranch, GraphMatch, GraphNext } from "./graph.js";
import { quote } from "./names.js";
import { ChoicePaths, type Fork, pathData, reachedByText, tryItHint } from "./reached-by.js";
import { type Cycle, type StepEnd, Steps } from "./steps.js";
import type { Taint } from "./taint.js";
import { askHead, branchHead, optionHead } from "./walk.js";

/**
 * The flow checks: walk every step a session can take — start(), then every
 * option of every ask that can be reached — breadth first, so the first time
 * a problem is met it is by the shortest sequence of choices. Only reachable
 * code is judged (unreachable code and nodes are reported once, as such), and
 * code with a syntax error in it is not judged at all.
 *
 *  - dead-end: a step finishes the flow without any output;
 *  - silent-end: a step finishes the flow with output but no `say` (nor a
 *    `todo`, which already stands for the missing script);
 *  - no-exit: a step goes round a cycle of jumps forever (reported once per
 *    cycle, at its first jump in the file), or asks that can only lead to
 *    each other (reported where the trap is entered);
 *  - unreachable-node: no step ever enters a node.
 *
 * A match does not wait: a step that reaches one forks, and goes on along
 * each of its branches (each case, and the `else` when some value takes it)
 * in the same step — every value is a way on. A problem met after a match is
 * reported at the last case taken, and its path shows the values
 * (`client_type = company`) beside the choices. Jumps that come back to a
 * match without a question in between go round forever for the value that
 * takes them there: reported once per circle of matches (see MatchLoops).
 * A fork stops where it comes back to a match it has already passed.
 */
export function checkFlow(
  file: FlowFile,
  graph: FlowGraph,
  nodeIndex: ReadonlyMap<string, number>,
  taint: Taint,
  path: string,
  out: Diagnostic[],
  guessedNodes: ReadonlySet<string> = new Set(),
  deadElseTargets: ReadonlySet<string> = new Set(),
): void {
  const { asks } = graph;
  const steps = new Steps(graph);
  const paths = new ChoicePaths(graph);
  const visited = new Uint8Array(asks.length);
  /** Some option leads out: to a finish, a loop already reported, or something unknown. */
  const good = new Uint8Array(asks.length);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const queue = new Int32Array(asks.length);
  let head = 0;
  let tail = 0;
  const reportedCycles = new Set<number>();
  const entryAsks: number[] = [];
  const headerSpan: Span = file.header?.span ?? file.entry[0]?.span ?? { start: 0, end: 0 };
  const firstValues = new Map<string, string>();
  for (const input of file.inputs) {
    const first = input.values?.find((v) => !v.id.missing);
    if (!input.id.missing && first !== undefined && !firstValues.has(input.id.name)) {
      firstValues.set(input.id.name, first.id.name);
    }
  }
  const run: RunTarget = {
    file: path,
    inputs: file.inputs.filter((i) => !i.id.missing).map((i) => i.id.name),
    firstValues,
  };
  const loops = new MatchLoops(graph);
  /** Each problem is reported once where it is: these are the case heads (by span start) reported so far. */
  const reportedBranches = new Set<string>();

  /**
   * One step: from the start (`from` -1) or option `option` of ask `from`,
   * running blocks and forking at every match, to where each fork ends.
   */
  const step = (first: GraphNext, from: number, option: number): void => {
    // The match states (match, output so far, tainted) already forked in this step.
    const forked = new Set<number>();
    const work: { next: GraphNext; fork: Fork | null; output: boolean; say: boolean; tainted: boolean }[] = [
      { next: first, fork: null, output: false, say: false, tainted: false },
    ];
    while (work.length > 0) {
      const item = work.pop()!;
      const r = steps.run(item.next);
      const output = item.output || r.output;
      const say = item.say || r.say;
      const tainted = item.tainted || r.tainted;
      if (r.end.kind !== "match") {
        end(r.end, output, say, tainted, from, option, item.fork);
        continue;
      }
      const m = r.end.match;
      if (passed(item.fork, m)) {
        // Back at a match this fork has passed: round a circle (see MatchLoops).
        if (from >= 0) good[from] = 1;
        continue;
      }
      const state = m * 6 + (say ? 2 : output ? 1 : 0) * 2 + (tainted ? 1 : 0);
      if (forked.has(state)) continue;
      forked.add(state);
      const match = graph.matches[m]!;
      const loop = loops.at(m);
      if (loop !== null && !tainted) reportLoop(loop, from, option, item.fork);
      const branchTainted = tainted || match.tainted;
      const branches = reachableBranches(match);
      // Pushed last-first, so the first case is followed first.
      for (let b = branches.length - 1; b >= 0; b--) {
        work.push({
          next: branches[b]!.branch.next,
          fork: { match: m, branch: branches[b]!.index, prev: item.fork },
          output,
          say,
          tainted: branchTainted,
        });
      }
    }
  };

  const reportLoop = (loop: MatchLoop, from: number, option: number, fork: Fork | null): void => {
    if (loop.reported) return;
    loop.reported = true;
    const match = graph.matches[loop.match]!;
    const branch = branchAt(match, loop.branch);
    const value = branch.values[0] ?? "?";
    // The way there, then the value that takes the way round.
    const there = paths.to(from, option, fork);
    const reached = there === null && from >= 0 ? null : [...(there ?? []), { input: match.input, value }];
    out.push(
      diagnostic(
        "no-exit",
        `${describeBranch(match, loop.branch)} goes round in a circle: with \`${match.input}\` = \`${value}\` the flow comes back to \`match ${match.input}\` without a question, again and again, and never finishes.` +
          reachedByText(reached),
        branchHead(branch.decl),
        {
          ...pathData(reached),
          hint: withTryIt("lead this case to a question or an `end`, or jump to a node that does", reached, run),
        },
      ),
    );
  };

  /** Where one fork of a step ends: at an ask, a finish, a loop of jumps, or nowhere known. */
  const end = (
    stepEnd: Exclude<StepEnd, { kind: "match" }>,
    output: boolean,
    say: boolean,
    tainted: boolean,
    from: number,
    option: number,
    fork: Fork | null,
  ): void => {
    const askTainted = from >= 0 && asks[from]!.tainted;
    if (stepEnd.kind === "ask") {
      const k = stepEnd.ask;
      if (!visited[k]) {
        visited[k] = 1;
        paths.parentAsk[k] = from;
        paths.parentOption[k] = option;
        paths.parentFork[k] = fork;
        queue[tail++] = k;
      }
      if (from < 0) entryAsks.push(k);
      else if (tainted || askTainted) good[from] = 1;
      else {
        edgeFrom.push(from);
        edgeTo.push(k);
      }
    } else if (from >= 0) {
      good[from] = 1;
    }
    if (tainted || askTainted) return;

    if (stepEnd.kind === "ask" || stepEnd.kind === "unknown") return;
    if (stepEnd.kind === "finish" && say) return;
    if (stepEnd.kind === "loop" && reportedCycles.has(stepEnd.cycle)) return;
    // Only from here on is anything reported, so only now are words made.
    let where: Span;
    let choice: string | null;
    if (fork !== null) {
      const match = graph.matches[fork.match]!;
      const branch = branchAt(match, fork.branch);
      where = branchHead(branch.decl);
      if (stepEnd.kind === "finish") {
        // One report per case and problem, however many ways lead there.
        const key = `${stepEnd.kind}:${output ? "silent" : "dead"}:${where.start}`;
        if (reportedBranches.has(key)) return;
        reportedBranches.add(key);
      }
      choice = describeBranch(match, fork.branch);
    } else {
      where = from < 0 ? headerSpan : optionHead(asks[from]!.options[option]!.decl);
      choice = from < 0 ? null : describeChoice(asks[from]!.options[option]!.decl.label.raw, asks[from]!.id);
    }
    if (stepEnd.kind === "finish" && !output) {
      const reached = paths.to(from, option, fork);
      const message =
        choice === null
          ? file.entry.length === 0
            ? "Nothing happens when the flow starts: there is no text and no question before the first node."
            : "The flow finishes as soon as it starts, without showing anything."
          : `${choice} finishes the flow without showing anything: the agent gets no text and no next question.`;
      out.push(
        diagnostic("dead-end", message + reachedByText(reached), where, {
          ...pathData(reached),
          hint: withTryIt(
            "add what the agent should say or do, or a jump to the right node",
            reached,
            run,
          ),
        }),
      );
    } else if (stepEnd.kind === "finish" && !say) {
      const reached = paths.to(from, option, fork);
      const message =
        choice === null
          ? "The flow finishes at the start without a word for the customer: there is no `say`."
          : `${choice} finishes the flow without a word for the customer: there is no \`say\` on the way.`;
      out.push(
        diagnostic("silent-end", message + reachedByText(reached), where, {
          ...pathData(reached),
          hint: withTryIt("add a `say` with what to tell the customer", reached, run),
        }),
      );
    } else if (stepEnd.kind === "loop" && !reportedCycles.has(stepEnd.cycle)) {
      reportedCycles.add(stepEnd.cycle);
      const cycle = steps.cycles[stepEnd.cycle]!;
      const reached = paths.to(from, option, fork);
      out.push(
        diagnostic(
          "no-exit",
          `These jumps go round in a circle forever (${circle(graph, cycle)}): the flow never asks a question and never finishes.` +
            reachedByText(reached),
          cycle.jump,
          {
            ...pathData(reached),
            hint: withTryIt("put a question or an `end` somewhere in the circle", reached, run),
          },
        ),
      );
    }
  };

  step(graph.entry, -1, -1);
  while (head < tail) {
    const a = queue[head++]!;
    if (asks[a]!.tainted) good[a] = 1;
    const options = asks[a]!.options;
    for (let o = 0; o < options.length; o++) step(options[o]!.next, a, o);
  }

  reportTraps(graph, steps, paths, visited, good, edgeFrom, edgeTo, entryAsks, run, out);

  // While a jump is broken (did-you-mean names the node it was meant for), what
  // that node and the nodes behind it reach is unknown: the broken jump is the one error to fix.
  if (!taint.any && guessedNodes.size === 0) {
    file.nodes.forEach((node, i) => {
      // Only the first definition of an id is a jump target; a duplicate is reported as such.
      if (node.id.missing || nodeIndex.get(node.id.name) !== i) return;
      if (deadElseTargets.has(node.id.name)) return;
      if (steps.visited[graph.nodes.get(node.id.name)!]) return;

      out.push(
        diagnostic(
          "unreachable-node",
          `Nothing leads to the node \`${node.id.name}\`: no \`-> ${node.id.name}\` that the flow can reach points at it, so it never runs.`,
          node.id.span,
          { hint: `add \`-> ${node.id.name}\` where it belongs, or remove the node` },
        ),
      );
    });
  }
}

/**
 * Asks that can only lead to each other: propagate "can get out" backwards
 * from every ask with an option that leaves; the reachable asks left over are
 * trapped. Each trap is reported where a session enters it — the first ask of
 * the flow, or an ask that an option of a free ask leads to.
 */
function reportTraps(
  graph: FlowGraph,
  steps: Steps,
  paths: ChoicePaths,
  visited: Uint8Array,
  good: Uint8Array,
  edgeFrom: readonly number[],
  edgeTo: readonly number[],
  entryAsks: readonly number[],
  run: RunTarget,
  out: Diagnostic[],
): void {
  const n = graph.asks.length;
  // Predecessor lists in compressed form: preds of k are predList[predStart[k]..predStart[k+1]).
  const predStart = new Int32Array(n + 1);
  for (const t of edgeTo) predStart[t + 1]!++;
  for (let k = 0; k < n; k++) predStart[k + 1]! += predStart[k]!;
  const fill = predStart.slice(0, n);
  const predList = new Int32Array(edgeTo.length);
  for (let e = 0; e < edgeTo.length; e++) predList[fill[edgeTo[e]!]!++] = edgeFrom[e]!;

  const queue: number[] = [];
  for (let k = 0; k < n; k++) if (visited[k] && good[k]) queue.push(k);
  for (let q = 0; q < queue.length; q++) {
    const k = queue[q]!;
    for (let p = predStart[k]!; p < predStart[k + 1]!; p++) {
      const from = predList[p]!;
      if (!good[from]) {
        good[from] = 1;
        queue.push(from);
      }
    }
  }

  const trapped = (k: number): boolean => visited[k] === 1 && good[k] === 0;
  const entrances = new Set<number>();
  for (const k of entryAsks) if (trapped(k)) entrances.add(k);
  for (let e = 0; e < edgeTo.length; e++) {
    if (!trapped(edgeFrom[e]!) && trapped(edgeTo[e]!)) entrances.add(edgeTo[e]!);
  }
  for (const k of [...entrances].sort((a, b) => a - b)) {
    const ask = graph.asks[k]!;
    const reached = paths.to(k, -1);
    const members = trapMembers(graph, steps, k);
    out.push(
      diagnostic(
        "no-exit",
        `No way out: whatever is chosen at the question \`${ask.id}\`, the flow only goes on to more questions (${members}) and never finishes.` +
          reachedByText(reached),
        askHead(ask.decl),
        {
          ...pathData(reached),
          hint: withTryIt(
            "let one of these options finish the flow, or jump somewhere that does",
            reached,
            run,
          ),
        },
      ),
    );
  }
}

/** The first few asks of a trap, for the message. */
function trapMembers(graph: FlowGraph, steps: Steps, start: number): string {
  const seen = new Set<number>([start]);
  const order = [start];
  for (let q = 0; q < order.length && order.length < 6 && q < 50; q++) {
    for (const option of graph.asks[order[q]!]!.options) {
      const r = steps.run(option.next);
      if (r.end.kind === "ask" && !seen.has(r.end.ask)) {
        seen.add(r.end.ask);
        order.push(r.end.ask);
      }
    }
  }
  const ids = order.slice(0, 5).map((k) => `\`${graph.asks[k]!.id}\``);
  return ids.join(", ") + (order.length > 5 ? ", …" : "");
}

/** The nodes a cycle of jumps passes through, from its first jump: `a → b → a`. */
function circle(graph: FlowGraph, cycle: Cycle): string {
  const blocks = cycle.blocks;
  let from = blocks.findIndex((b) => {
    const next = graph.blocks[b]!.next;
    return next.kind === "block" && next.via === cycle.jump;
  });
  if (from < 0) from = 0;
  const names: string[] = [];
  // Start at the block that holds the first jump, and go round once.
  for (let i = 0; i < blocks.length; i++) {
    const name = graph.blocks[blocks[(from + i) % blocks.length]!]!.node;
    if (names[names.length - 1] !== name) names.push(name);
  }
  if (names.length > 1 && names[0] === names[names.length - 1]) names.pop();
  const shown = names.length > 6 ? [...names.slice(0, 6), "…"] : names;
  return [...shown, names[0]].map((n) => (n === "…" ? n : `\`${n || "?"}\``)).join(" → ");
}

function describeChoice(label: string, askId: string): string {
  return `Choosing ${quote(label)}${askId === "" ? "" : ` at the question \`${askId}\``}`;
}

/** Where "try it" commands run: the file as the author names it, the inputs it needs, each choice input's first value. */
interface RunTarget {
  readonly file: string;
  readonly inputs: readonly string[];
  readonly firstValues: ReadonlyMap<string, string>;
}

function withTryIt(advice: string, reached: readonly ChoiceStep[] | null, run: RunTarget): string {
  const tryIt = tryItHint(reached, run.file, run.inputs, run.firstValues);
  return tryIt === undefined ? advice : `${advice}; ${tryIt}`;
}

/** Has this fork already passed match `m`? */
function passed(fork: Fork | null, m: number): boolean {
  for (let f = fork; f !== null; f = f.prev) if (f.match === m) return true;
  return false;
}

/** The branch of a match by index: its cases, then its `else`. */
function branchAt(match: GraphMatch, index: number): GraphBranch {
  return index < match.cases.length ? match.cases[index]! : match.else!;
}

/**
 * The branches some value takes: every case (a case naming only values the
 * input does not list is reported as such, and followed as the author meant
 * it), and the `else` when a value has no case (an `else` that no value
 * reaches is unreachable code, reported as such and not followed). With a
 * syntax error in the match or its input, the `else` is followed too.
 */
function reachableBranches(match: GraphMatch): { branch: GraphBranch; index: number }[] {
  const out = match.cases.map((branch, index) => ({ branch, index }));
  if (match.else !== null && (match.else.values.length > 0 || match.tainted)) {
    out.push({ branch: match.else, index: match.cases.length });
  }
  return out;
}

/** `The case \`a, b\` of \`match x\`` / `The \`else\` of \`match x\``, to start a message. */
function describeBranch(match: GraphMatch, index: number): string {
  const what = index < match.cases.length ? `The case \`${match.cases[index]!.values.join(", ")}\`` : "The `else`";
  return `${what} of \`match ${match.input}\``;
}

/** A case whose branch comes back to its match without a question: a circle of matches. */
interface MatchLoop {
  readonly match: number;
  readonly branch: number;
  reported: boolean;
}

/**
 * Circles through matches: match m leads to match m2 when a branch of m runs
 * (through blocks, without a question) into m2. A strongly connected group of
 * matches with a way round (or one that leads back to itself) goes round
 * forever for the values that take those ways; it is reported once, at the
 * first case in the file whose branch stays in the group, when a step first
 * reaches one of its matches. Found with Tarjan's algorithm, iteratively.
 */
class MatchLoops {
  private readonly loopOf: (MatchLoop | null)[];

  constructor(graph: FlowGraph) {
    const n = graph.matches.length;
    this.loopOf = new Array<MatchLoop | null>(n).fill(null);
    if (n === 0) return;
    // A Steps of its own: running every branch here must not mark code as reached.
    const steps = new Steps(graph);
    const edges: { to: number; branch: number }[][] = graph.matches.map((match) =>
      reachableBranches(match).flatMap(({ branch, index }) => {
        const r = steps.run(branch.next);
        return r.end.kind === "match" ? [{ to: r.end.match, branch: index }] : [];
      }),
    );
    const index = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const stack: number[] = [];
    const component = new Int32Array(n).fill(-1);
    let counter = 0;
    let components = 0;
    for (let root = 0; root < n; root++) {
      if (index[root] !== -1) continue;
      const frames: { v: number; e: number }[] = [{ v: root, e: 0 }];
      index[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = 1;
      while (frames.length > 0) {
        const frame = frames[frames.length - 1]!;
        const out = edges[frame.v]!;
        if (frame.e < out.length) {
          const w = out[frame.e++]!.to;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = 1;
            frames.push({ v: w, e: 0 });
          } else if (onStack[w]) {
            low[frame.v] = Math.min(low[frame.v]!, index[w]!);
          }
          continue;
        }
        frames.pop();
        const parent = frames[frames.length - 1];
        if (parent !== undefined) low[parent.v] = Math.min(low[parent.v]!, low[frame.v]!);
        if (low[frame.v] === index[frame.v]) {
          for (;;) {
            const w = stack.pop()!;
            onStack[w] = 0;
            component[w] = components;
            if (w === frame.v) break;
          }
          components++;
        }
      }
    }
    // For each group, its first case (in source order) whose branch stays inside it.
    const first = new Map<number, { match: number; branch: number; at: number }>();
    edges.forEach((out, m) => {
      for (const { to, branch } of out) {
        if (component[to] !== component[m]) continue;
        const match = graph.matches[m]!;
        const at = branchHead(branchAt(match, branch).decl).start;
        const best = first.get(component[m]!);
        if (best === undefined || at < best.at) first.set(component[m]!, { match: m, branch, at });
      }
    });
    const loops = new Map<number, MatchLoop>();
    for (const [c, { match, branch }] of first) loops.set(c, { match, branch, reported: false });
    for (let m = 0; m < n; m++) {
      const tainted = graph.matches[m]!.tainted;
      this.loopOf[m] = tainted ? null : (loops.get(component[m]!) ?? null);
    }
  }

  /** The circle match `m` is on, or null. */
  at(m: number): MatchLoop | null {
    return this.loopOf[m]!;
  }
}
