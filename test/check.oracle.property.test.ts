import { check, positionAt } from "@flowc/dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AskStmt,
  type MatchStmt,
  type Model,
  type Opt,
  type PrintedFlow,
  printFlow,
  randomModel,
  type Stmt,
  type Target,
} from "./support/random-flows.js";

/**
 * The flow checks against brute force. fast-check builds random flows (asks,
 * options with targets or bodies or nothing, fall-through, `end`, jumps to
 * nodes and to `start`, loops, say/note, empty nodes) as a small model and
 * prints them as source text (test/support/random-flows.ts); an oracle — a
 * tiny interpreter over the MODEL, not over the checker's graph — plays every
 * choice at every reachable question.
 * dead-end, silent-end, no-exit and unreachable-node must be reported exactly
 * where the exploration finds them, and every `reachedBy` must be a shortest
 * sequence of choices that really gets there. With choice inputs, a match
 * forks the step into each of its branches (every value is a way on), and a
 * problem after a match is reported at the last case taken.
 */

/** A place in the model's code: a statement list, an index, and where the list continues. */
interface Pos {
  readonly list: readonly Stmt[];
  readonly index: number;
}

/** A match branch taken on the way, in order: the input and the branch's values. */
interface Taken {
  readonly match: MatchStmt;
  readonly branch: Opt;
}

/**
 * Where one fork of a step ends. `line` is where a dead or silent end is
 * reported: the last case taken, else the option chosen (0: the step's own
 * start). A `loop` comes back to a node or a match the fork has passed with
 * no question in between; `viaMatch` when a match is on the way round.
 */
type StepOutcome =
  | { kind: "ask"; ask: Stmt; output: boolean; say: boolean; taken: Taken[] }
  | { kind: "finish"; output: boolean; say: boolean; line: number; taken: Taken[] }
  | { kind: "loop"; gotos: Stmt[]; viaMatch: boolean; taken: Taken[] };

/** The branches some value takes: every case, and the `else` (which the generator only makes when a value has no case). */
function branchesOf(m: MatchStmt): Opt[] {
  return m.else === undefined ? [...m.cases] : [...m.cases, m.else];
}

class Oracle {
  /** Where an option or case body, or a top-level list, continues after its end. */
  private readonly cont = new Map<readonly Stmt[], Pos | null>();
  private readonly askPos = new Map<Stmt, Pos>();
  private readonly matchPos = new Map<Stmt, Pos>();
  readonly entered = new Set<Target>();
  /** The matches some fork of some step reached, each with the fewest choices that reach it. */
  readonly matchDepth = new Map<MatchStmt, number>();

  constructor(
    private readonly model: Model,
    private readonly printed: PrintedFlow,
  ) {
    const lists: { list: readonly Stmt[]; cont: Pos | null }[] = [{ list: model.entry, cont: null }];
    for (const body of model.nodes) lists.push({ list: body, cont: null });
    while (lists.length > 0) {
      const { list, cont } = lists.pop()!;
      this.cont.set(list, cont);
      list.forEach((s, index) => {
        if (s.k === "ask") {
          this.askPos.set(s, { list, index });
          for (const o of s.options) {
            if (o.body !== undefined) lists.push({ list: o.body, cont: { list, index: index + 1 } });
          }
        } else if (s.k === "match") {
          this.matchPos.set(s, { list, index });
          for (const b of branchesOf(s)) {
            if (b.body !== undefined) lists.push({ list: b.body, cont: { list, index: index + 1 } });
          }
        }
      });
    }
  }

  private nodeList(t: Target): readonly Stmt[] {
    return t < 0 ? this.model.entry : this.model.nodes[t]!;
  }

  /** Where a branch (an option's or a case's) leads: a jump, its body, or on after its statement. */
  private branchStart(b: Opt, after: Pos): { jumpTo: Target } | { pos: Pos } {
    if (b.target !== undefined) return { jumpTo: b.target };
    if (b.body !== undefined && b.body.length > 0) return { pos: { list: b.body, index: 0 } };
    return { pos: { list: after.list, index: after.index + 1 } };
  }

  /**
   * Play one step, forking at every match into each branch, depth first in
   * the order written. A fork stops at a match it has passed; a match reached
   * again in the same step with no more output so far than before is not
   * forked again (what it leads to is already known).
   */
  run(start: { jumpTo: Target } | { pos: Pos }, line: number, depth: number): StepOutcome[] {
    const outcomes: StepOutcome[] = [];
    const forked = new Set<string>();
    interface Fork {
      at: { jumpTo: Target } | { pos: Pos };
      /** Each node entered in this step: after how many gotos, and how many matches passed then. */
      enteredAt: Map<Target, { gotos: number; matches: number }>;
      gotos: Stmt[];
      passed: Set<Stmt>;
      output: boolean;
      say: boolean;
      line: number;
      taken: Taken[];
    }
    const work: Fork[] = [
      {
        at: start,
        enteredAt: new Map(),
        gotos: [],
        passed: new Set(),
        output: false,
        say: false,
        line,
        taken: [],
      },
    ];
    while (work.length > 0) {
      const f = work.pop()!;
      let pos: Pos;
      if ("jumpTo" in f.at) {
        const seen = f.enteredAt.get(f.at.jumpTo);
        if (seen !== undefined) {
          // A case's jump back to a node this fork entered: round a circle through the match.
          outcomes.push({ kind: "loop", gotos: f.gotos.slice(seen.gotos), viaMatch: true, taken: f.taken });
          continue;
        }
        f.enteredAt.set(f.at.jumpTo, { gotos: f.gotos.length, matches: f.passed.size });
        this.entered.add(f.at.jumpTo);
        pos = { list: this.nodeList(f.at.jumpTo), index: 0 };
      } else pos = f.at.pos;
      for (;;) {
        if (pos.index >= pos.list.length) {
          const next = this.cont.get(pos.list);
          if (next === null || next === undefined) {
            outcomes.push({ kind: "finish", output: f.output, say: f.say, line: f.line, taken: f.taken });
            break;
          }
          pos = next;
          continue;
        }
        const s = pos.list[pos.index]!;
        if (s.k === "say" || s.k === "note") {
          f.output = true;
          f.say ||= s.k === "say";
          pos = { list: pos.list, index: pos.index + 1 };
        } else if (s.k === "end") {
          outcomes.push({ kind: "finish", output: f.output, say: f.say, line: f.line, taken: f.taken });
          break;
        } else if (s.k === "ask") {
          outcomes.push({ kind: "ask", ask: s, output: f.output, say: f.say, taken: f.taken });
          break;
        } else if (s.k === "match") {
          if (f.passed.has(s)) {
            outcomes.push({ kind: "loop", gotos: [], viaMatch: true, taken: f.taken });
            break;
          }
          const state = `${this.printed.matchLine.get(s)}:${f.say ? 2 : f.output ? 1 : 0}`;
          if (forked.has(state)) break;
          forked.add(state);
          if (!this.matchDepth.has(s)) this.matchDepth.set(s, depth);
          const passed = new Set(f.passed).add(s);
          const branches = branchesOf(s);
          // Pushed last-first, so the first branch is played first.
          for (let b = branches.length - 1; b >= 0; b--) {
            const branch = branches[b]!;
            work.push({
              at: this.branchStart(branch, pos),
              enteredAt: new Map(f.enteredAt),
              gotos: [...f.gotos],
              passed,
              output: f.output,
              say: f.say,
              line: this.printed.branchLine.get(branch)!,
              taken: [...f.taken, { match: s, branch }],
            });
          }
          break;
        } else {
          f.gotos.push(s);
          const seen = f.enteredAt.get(s.to);
          // Back at a node's start with no question in between: it will go round forever.
          if (seen !== undefined) {
            const viaMatch = f.passed.size > seen.matches;
            outcomes.push({ kind: "loop", gotos: f.gotos.slice(seen.gotos), viaMatch, taken: f.taken });
            break;
          }
          f.enteredAt.set(s.to, { gotos: f.gotos.length, matches: f.passed.size });
          this.entered.add(s.to);
          pos = { list: this.nodeList(s.to), index: 0 };
        }
      }
    }
    return outcomes;
  }

  choose(ask: Stmt, option: Opt, depth: number): StepOutcome[] {
    const at = this.askPos.get(ask)!;
    return this.run(this.branchStart(option, at), this.printed.optionLine.get(option)!, depth);
  }

  /**
   * Matches on a circle: a branch of m that comes back to m with no question
   * on the way (searched by brute force over every way on). Grouped by which
   * of them reach each other; each group is reported at the first such case.
   */
  matchCircles(): Map<number, MatchStmt[]> {
    const reach = (from: { jumpTo: Target } | { pos: Pos }): Set<MatchStmt> => {
      const found = new Set<MatchStmt>();
      const seenNodes = new Set<Target>();
      const seenPos = new Set<string>();
      const todo: ({ jumpTo: Target } | { pos: Pos })[] = [from];
      const lists = new Map<readonly Stmt[], number>();
      const id = (l: readonly Stmt[]) => {
        if (!lists.has(l)) lists.set(l, lists.size);
        return lists.get(l)!;
      };
      while (todo.length > 0) {
        const at = todo.pop()!;
        let pos: Pos;
        if ("jumpTo" in at) {
          if (seenNodes.has(at.jumpTo)) continue;
          seenNodes.add(at.jumpTo);
          pos = { list: this.nodeList(at.jumpTo), index: 0 };
        } else pos = at.pos;
        for (;;) {
          const key = `${id(pos.list)}:${pos.index}`;
          if (seenPos.has(key)) break;
          seenPos.add(key);
          if (pos.index >= pos.list.length) {
            const next = this.cont.get(pos.list);
            if (next === null || next === undefined) break;
            pos = next;
            continue;
          }
          const s = pos.list[pos.index]!;
          if (s.k === "say" || s.k === "note") pos = { list: pos.list, index: pos.index + 1 };
          else if (s.k === "end" || s.k === "ask") break;
          else if (s.k === "goto") {
            todo.push({ jumpTo: s.to });
            break;
          } else {
            found.add(s);
            for (const b of branchesOf(s)) todo.push(this.branchStart(b, pos));
            break;
          }
        }
      }
      return found;
    };
    const matches = [...this.matchPos.keys()] as MatchStmt[];
    const reaches = new Map<MatchStmt, Set<MatchStmt>>();
    const looping = new Map<MatchStmt, Opt[]>();
    for (const m of matches) {
      const all = new Set<MatchStmt>();
      for (const b of branchesOf(m)) {
        const r = reach(this.branchStart(b, this.matchPos.get(m)!));
        for (const x of r) all.add(x);
        if (r.has(m)) looping.set(m, [...(looping.get(m) ?? []), b]);
      }
      reaches.set(m, all);
    }
    // Groups keyed by the line of their first looping case.
    const groups = new Map<number, MatchStmt[]>();
    const done = new Set<MatchStmt>();
    for (const m of matches) {
      if (done.has(m) || !looping.has(m)) continue;
      const group = matches.filter((x) => x === m || (reaches.get(m)!.has(x) && reaches.get(x)!.has(m)));
      for (const x of group) done.add(x);
      let line = Infinity;
      for (const x of group) {
        for (const b of looping.get(x) ?? []) {
          // A looping branch counts for the group when the way round stays in it.
          line = Math.min(line, this.printed.branchLine.get(b)!);
        }
      }
      groups.set(line, group);
    }
    return groups;
  }
}

interface Expected {
  deadEnd: Map<number, number>; // line → shortest number of choices
  silentEnd: Map<number, number>;
  noExit: Map<number, number>;
  unreachableNode: Set<number>;
}

function explore(model: Model, printed: PrintedFlow, oracle: Oracle): Expected {
  const deadEnd = new Map<number, number>();
  const silentEnd = new Map<number, number>();
  const noExit = new Map<number, number>();
  const depth = new Map<Stmt, number>();
  const order: Stmt[] = [];
  const outcomes = new Map<Stmt, StepOutcome[]>();
  const note = (r: StepOutcome, choices: number) => {
    if (r.kind === "finish" && !r.output && !deadEnd.has(r.line)) deadEnd.set(r.line, choices);
    if (r.kind === "finish" && r.output && !r.say && !silentEnd.has(r.line)) silentEnd.set(r.line, choices);
    if (r.kind === "loop" && !r.viaMatch) {
      const first = Math.min(...r.gotos.map((g) => printed.gotoLine.get(g)!));
      if (!noExit.has(first)) noExit.set(first, choices);
    }
    if (r.kind === "ask" && !depth.has(r.ask)) {
      depth.set(r.ask, choices);
      order.push(r.ask);
    }
  };
  const first = oracle.run({ jumpTo: -1 }, 1, 0);
  for (const r of first) note(r, 0);
  // Breadth first over questions: each is explored once, at its smallest depth.
  for (let q = 0; q < order.length; q++) {
    const ask = order[q]!;
    const d = depth.get(ask)!;
    const results: StepOutcome[] = [];
    for (const option of (ask as AskStmt).options) {
      const rs = oracle.choose(ask, option, d + 1);
      results.push(...rs);
      for (const r of rs) note(r, d + 1);
    }
    outcomes.set(ask, results);
  }
  // Circles through matches: once per group, with the fewest choices that reach one of its matches.
  for (const [line, group] of oracle.matchCircles()) {
    const depths = group.flatMap((m) => (oracle.matchDepth.has(m) ? [oracle.matchDepth.get(m)!] : []));
    if (depths.length > 0) noExit.set(line, Math.min(...depths));
  }
  // Trapped questions: from them no sequence of choices reaches a finish (or a loop,
  // which is reported on its own). Searched forward from each question, by brute force.
  const canLeave = (start: Stmt): boolean => {
    const seen = new Set<Stmt>([start]);
    const todo = [start];
    while (todo.length > 0) {
      const a = todo.pop()!;
      for (const r of outcomes.get(a)!) {
        if (r.kind !== "ask") return true;
        if (!seen.has(r.ask)) {
          seen.add(r.ask);
          todo.push(r.ask);
        }
      }
    }
    return false;
  };
  const trapped = new Set(order.filter((a) => !canLeave(a)));
  const entrances = new Set<Stmt>();
  for (const r of first) if (r.kind === "ask" && trapped.has(r.ask)) entrances.add(r.ask);
  for (const a of order) {
    if (trapped.has(a)) continue;
    for (const r of outcomes.get(a)!) if (r.kind === "ask" && trapped.has(r.ask)) entrances.add(r.ask);
  }
  for (const a of entrances) noExit.set(printed.askLine.get(a)!, depth.get(a)!);

  const unreachableNode = new Set<number>();
  model.nodes.forEach((_, i) => {
    if (!oracle.entered.has(i)) unreachableNode.add(printed.nodeLine[i]!);
  });
  return { deadEnd, silentEnd, noExit, unreachableNode };
}

/**
 * Replays a path of choices only (a flow whose path crosses no match) in the
 * oracle and returns what the last choice leads to.
 */
function replay(model: Model, printed: PrintedFlow, path: readonly string[]): StepOutcome {
  const oracle = new Oracle(model, printed);
  let rs = oracle.run({ jumpTo: -1 }, 1, 0);
  expect(rs).toHaveLength(1);
  let r = rs[0]!;
  expect(r.kind).toBe("ask");
  expect(printed.askId.get((r as { ask: Stmt }).ask)).toBe(path[0]);
  for (const key of path.slice(1)) {
    expect(r.kind).toBe("ask");
    const ask = (r as { ask: Stmt }).ask as AskStmt;
    const option = ask.options.find((o) => printed.optionKey.get(o) === key);
    expect(option).toBeDefined();
    rs = oracle.choose(ask, option!, 0);
    expect(rs).toHaveLength(1);
    r = rs[0]!;
  }
  return r;
}

describe("flow checks agree with brute-force exploration", () => {
  const agree = (model: Model) => {
    const printed = printFlow(model);
    const result = check(printed.text, "random.flow");
    const syntax = result.diagnostics.filter((d) => d.code === "syntax" || d.code === "invalid-string");
    expect(syntax).toEqual([]);
    // The generator makes sound matches: every value has exactly one way on.
    const matchCodes = ["non-exhaustive-match", "unknown-case", "duplicate-case", "duplicate-value", "match-on-text"];
    expect(result.diagnostics.filter((d) => matchCodes.includes(d.code))).toEqual([]);
    const expected = explore(model, printed, new Oracle(model, printed));

    const lines = (code: string) =>
      result.diagnostics
        .filter((d) => d.code === code)
        .map((d) => positionAt(result.source, d.span.start).line)
        .sort((a, b) => a - b);
    const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
    expect(lines("dead-end")).toEqual(sorted(expected.deadEnd.keys()));
    expect(lines("silent-end")).toEqual(sorted(expected.silentEnd.keys()));
    expect(lines("no-exit")).toEqual(sorted(expected.noExit.keys()));
    expect(lines("unreachable-node")).toEqual(sorted(expected.unreachableNode));

    // reachedBy: as short as the exploration says, and it really gets there.
    for (const d of result.diagnostics) {
      if (d.code !== "dead-end" && d.code !== "silent-end" && d.code !== "no-exit") continue;
      const line = positionAt(result.source, d.span.start).line;
      const map = d.code === "dead-end" ? expected.deadEnd : d.code === "silent-end" ? expected.silentEnd : expected.noExit;
      const choices = map.get(line)!;
      const askSteps = (d.path ?? []).filter((s) => "ask" in s);
      const valueSteps = (d.path ?? []).filter((s) => "input" in s);
      expect(askSteps.length).toBe(choices);
      for (const v of valueSteps) {
        const { input, value } = v as { input: string; value: string };
        const n = model.choices[Number(input.slice(1))]!;
        expect(Number(value.slice(1))).toBeLessThan(n);
      }
      if (d.path === undefined) {
        expect(d.reachedBy).toBeUndefined();
        continue;
      }
      expect(d.reachedBy).toBeDefined();
      expect(d.reachedBy!.length).toBe(choices + (choices > 0 ? 1 : 0) + valueSteps.length);
      // A path through no match replays exactly in the oracle.
      if (valueSteps.length > 0 || model.choices.length > 0) continue;
      const r = replay(model, printed, d.reachedBy!);
      if (d.code === "dead-end") expect(r).toMatchObject({ kind: "finish", output: false });
      if (d.code === "silent-end") expect(r).toMatchObject({ kind: "finish", output: true, say: false });
      if (d.code === "no-exit") {
        if (r.kind === "loop") {
          expect(Math.min(...r.gotos.map((g) => printed.gotoLine.get(g)!))).toBe(line);
        } else {
          expect(r.kind).toBe("ask");
          expect(printed.askLine.get((r as { ask: Stmt }).ask)).toBe(line);
        }
      }
    }
  };

  it("dead-end, silent-end, no-exit and unreachable-node, exactly", () => {
    fc.assert(fc.property(randomModel({ maxNodes: 5 }), agree), { numRuns: 1000 });
  });

  it("the same with choice inputs and matches: every case is a way on", () => {
    fc.assert(fc.property(randomModel({ maxNodes: 4, matches: true }), agree), { numRuns: 1000 });
  });
});
