import type { FlowFile } from "../ast/types.js";
import { type ChoiceStep, type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import type { FlowGraph, GraphNext } from "./graph.js";
import { quote } from "./names.js";
import { ChoicePaths, pathData, reachedByText, tryItHint } from "./reached-by.js";
import { type Cycle, Steps } from "./steps.js";
import type { Taint } from "./taint.js";
import { askHead, optionHead } from "./walk.js";

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
 */
export function checkFlow(
  file: FlowFile,
  graph: FlowGraph,
  nodeIndex: ReadonlyMap<string, number>,
  taint: Taint,
  path: string,
  out: Diagnostic[],
  guessedNodes: ReadonlySet<string> = new Set(),
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
  let entryAsk = -1;
  const headerSpan: Span = file.header?.span ?? file.entry[0]?.span ?? { start: 0, end: 0 };
  const run: RunTarget = {
    file: path,
    inputs: file.inputs.filter((i) => !i.id.missing).map((i) => i.id.name),
  };

  const step = (next: GraphNext, from: number, option: number): void => {
    const r = steps.run(next);
    const askTainted = from >= 0 && asks[from]!.tainted;
    if (r.end.kind === "ask") {
      const k = r.end.ask;
      if (!visited[k]) {
        visited[k] = 1;
        paths.parentAsk[k] = from;
        paths.parentOption[k] = option;
        queue[tail++] = k;
      }
      if (from < 0) entryAsk = k;
      else if (r.tainted || askTainted) good[from] = 1;
      else {
        edgeFrom.push(from);
        edgeTo.push(k);
      }
    } else if (from >= 0) {
      good[from] = 1;
    }
    if (r.tainted || askTainted) return;

    if (r.end.kind === "ask" || r.end.kind === "unknown") return;
    if (r.end.kind === "finish" && r.say) return;
    if (r.end.kind === "loop" && reportedCycles.has(r.end.cycle)) return;
    // Only from here on is anything reported, so only now are words made.
    const where = from < 0 ? headerSpan : optionHead(asks[from]!.options[option]!.decl);
    const choice =
      from < 0 ? null : describeChoice(asks[from]!.options[option]!.decl.label.raw, asks[from]!.id);
    if (r.end.kind === "finish" && !r.output) {
      const reached = from < 0 ? null : paths.to(from, option);
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
    } else if (r.end.kind === "finish" && !r.say) {
      const reached = from < 0 ? null : paths.to(from, option);
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
    } else if (r.end.kind === "loop" && !reportedCycles.has(r.end.cycle)) {
      reportedCycles.add(r.end.cycle);
      const cycle = steps.cycles[r.end.cycle]!;
      const reached = from < 0 ? null : paths.to(from, option);
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

  reportTraps(graph, steps, paths, visited, good, edgeFrom, edgeTo, entryAsk, run, out);

  // While a jump is broken (did-you-mean names the node it was meant for), what
  // that node and the nodes behind it reach is unknown: the broken jump is the one error to fix.
  if (!taint.any && guessedNodes.size === 0) {
    file.nodes.forEach((node, i) => {
      // Only the first definition of an id is a jump target; a duplicate is reported as such.
      if (node.id.missing || nodeIndex.get(node.id.name) !== i) return;
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
  entryAsk: number,
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
  if (entryAsk >= 0 && trapped(entryAsk)) entrances.add(entryAsk);
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

/** Where "try it" commands run: the file as the author names it, and the inputs it needs. */
interface RunTarget {
  readonly file: string;
  readonly inputs: readonly string[];
}

function withTryIt(advice: string, reached: readonly ChoiceStep[] | null, run: RunTarget): string {
  const tryIt = tryItHint(reached, run.file, run.inputs);
  return tryIt === undefined ? advice : `${advice}; ${tryIt}`;
}
