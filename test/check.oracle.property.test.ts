import { check, positionAt } from "@flowc/dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AskStmt,
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
 * sequence of choices that really gets there.
 */

/** A place in the model's code: a statement list, an index, and where the list continues. */
interface Pos {
  readonly list: readonly Stmt[];
  readonly index: number;
}

type StepOutcome =
  | { kind: "ask"; ask: Stmt; output: boolean; say: boolean }
  | { kind: "finish"; output: boolean; say: boolean }
  | { kind: "loop"; gotos: Stmt[] };

class Oracle {
  /** Where an option body, or a top-level list, continues after its end. */
  private readonly cont = new Map<readonly Stmt[], Pos | null>();
  private readonly askPos = new Map<Stmt, Pos>();
  readonly entered = new Set<Target>();

  constructor(private readonly model: Model) {
    const lists: { list: readonly Stmt[]; cont: Pos | null }[] = [
      { list: model.entry, cont: null },
    ];
    for (const body of model.nodes) lists.push({ list: body, cont: null });
    while (lists.length > 0) {
      const { list, cont } = lists.pop()!;
      this.cont.set(list, cont);
      list.forEach((s, index) => {
        if (s.k !== "ask") return;
        this.askPos.set(s, { list, index });
        for (const o of s.options) {
          if (o.body !== undefined) lists.push({ list: o.body, cont: { list, index: index + 1 } });
        }
      });
    }
  }

  private nodeList(t: Target): readonly Stmt[] {
    return t < 0 ? this.model.entry : this.model.nodes[t]!;
  }

  /** Play one step, from a node's start (`jumpTo`) or from a place in the code. */
  run(start: { jumpTo: Target } | { pos: Pos }): StepOutcome {
    const enteredAt = new Map<Target, number>();
    const gotos: Stmt[] = [];
    let output = false;
    let say = false;
    let pos: Pos;
    if ("jumpTo" in start) {
      enteredAt.set(start.jumpTo, 0);
      this.entered.add(start.jumpTo);
      pos = { list: this.nodeList(start.jumpTo), index: 0 };
    } else pos = start.pos;
    for (;;) {
      if (pos.index >= pos.list.length) {
        const next = this.cont.get(pos.list);
        if (next === null || next === undefined) return { kind: "finish", output, say };
        pos = next;
        continue;
      }
      const s = pos.list[pos.index]!;
      if (s.k === "say" || s.k === "note") {
        output = true;
        say ||= s.k === "say";
        pos = { list: pos.list, index: pos.index + 1 };
      } else if (s.k === "end") {
        return { kind: "finish", output, say };
      } else if (s.k === "ask") {
        return { kind: "ask", ask: s, output, say };
      } else {
        gotos.push(s);
        const seen = enteredAt.get(s.to);
        // Back at a node's start with no question in between: it will go round forever.
        if (seen !== undefined) return { kind: "loop", gotos: gotos.slice(seen) };
        enteredAt.set(s.to, gotos.length);
        this.entered.add(s.to);
        pos = { list: this.nodeList(s.to), index: 0 };
      }
    }
  }

  choose(ask: Stmt, option: Opt): StepOutcome {
    if (option.target !== undefined) return this.run({ jumpTo: option.target });
    if (option.body !== undefined && option.body.length > 0)
      return this.run({ pos: { list: option.body, index: 0 } });
    const at = this.askPos.get(ask)!;
    return this.run({ pos: { list: at.list, index: at.index + 1 } });
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
  const note = (r: StepOutcome, line: number, choices: number) => {
    if (r.kind === "finish" && !r.output && !deadEnd.has(line)) deadEnd.set(line, choices);
    if (r.kind === "finish" && r.output && !r.say && !silentEnd.has(line))
      silentEnd.set(line, choices);
    if (r.kind === "loop") {
      const first = Math.min(...r.gotos.map((g) => printed.gotoLine.get(g)!));
      if (!noExit.has(first)) noExit.set(first, choices);
    }
    if (r.kind === "ask" && !depth.has(r.ask)) {
      depth.set(r.ask, choices);
      order.push(r.ask);
    }
  };
  const first = oracle.run({ jumpTo: -1 });
  note(first, 1, 0);
  // Breadth first over questions: each is explored once, at its smallest depth.
  for (let q = 0; q < order.length; q++) {
    const ask = order[q]!;
    const d = depth.get(ask)!;
    const results: StepOutcome[] = [];
    for (const option of (ask as AskStmt).options) {
      const r = oracle.choose(ask, option);
      results.push(r);
      note(r, printed.optionLine.get(option)!, d + 1);
    }
    outcomes.set(ask, results);
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
  if (first.kind === "ask" && trapped.has(first.ask)) entrances.add(first.ask);
  for (const a of order) {
    if (trapped.has(a)) continue;
    for (const r of outcomes.get(a)!)
      if (r.kind === "ask" && trapped.has(r.ask)) entrances.add(r.ask);
  }
  for (const a of entrances) noExit.set(printed.askLine.get(a)!, depth.get(a)!);

  const unreachableNode = new Set<number>();
  model.nodes.forEach((_, i) => {
    if (!oracle.entered.has(i)) unreachableNode.add(printed.nodeLine[i]!);
  });
  return { deadEnd, silentEnd, noExit, unreachableNode };
}

/** Replays a reachedBy path in the oracle and returns what the last choice leads to. */
function replay(model: Model, printed: PrintedFlow, path: readonly string[]): StepOutcome {
  const oracle = new Oracle(model);
  let r = oracle.run({ jumpTo: -1 });
  expect(r.kind).toBe("ask");
  expect(printed.askId.get((r as { ask: Stmt }).ask)).toBe(path[0]);
  for (const key of path.slice(1)) {
    expect(r.kind).toBe("ask");
    const ask = (r as { ask: Stmt }).ask as AskStmt;
    const option = ask.options.find((o) => printed.optionKey.get(o) === key);
    expect(option).toBeDefined();
    r = oracle.choose(ask, option!);
  }
  return r;
}

describe("flow checks agree with brute-force exploration", () => {
  it("dead-end, silent-end, no-exit and unreachable-node, exactly", () => {
    fc.assert(
      fc.property(randomModel({ maxNodes: 5 }), (model) => {
        const printed = printFlow(model);
        const result = check(printed.text, "random.flow");
        const syntax = result.diagnostics.filter(
          (d) => d.code === "syntax" || d.code === "invalid-string",
        );
        expect(syntax).toEqual([]);
        const expected = explore(model, printed, new Oracle(model));

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
          const map =
            d.code === "dead-end"
              ? expected.deadEnd
              : d.code === "silent-end"
                ? expected.silentEnd
                : expected.noExit;
          const choices = map.get(line)!;
          if (choices === 0) {
            expect(d.reachedBy).toBeUndefined();
            continue;
          }
          expect(d.reachedBy).toBeDefined();
          expect(d.reachedBy!.length - 1).toBe(choices);
          const r = replay(model, printed, d.reachedBy!);
          if (d.code === "dead-end") expect(r).toMatchObject({ kind: "finish", output: false });
          if (d.code === "silent-end")
            expect(r).toMatchObject({ kind: "finish", output: true, say: false });
          if (d.code === "no-exit") {
            if (r.kind === "loop") {
              expect(Math.min(...r.gotos.map((g) => printed.gotoLine.get(g)!))).toBe(line);
            } else {
              expect(r.kind).toBe("ask");
              expect(printed.askLine.get((r as { ask: Stmt }).ask)).toBe(line);
            }
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
