import type { ChoiceStep } from "../diagnostics.js";
import { runCommand } from "../shell.js";
import type { FlowGraph } from "./graph.js";

/**
 * The branches a step took at matches on its way, newest first: a linked
 * list, so forks share their common part.
 */
export interface Fork {
  readonly match: number;
  /** Index into the match's cases; `cases.length` for its `else`. */
  readonly branch: number;
  readonly prev: Fork | null;
}

/**
 * Shortest ways to reach each ask: a breadth-first search over asks records,
 * for each ask, the ask and option it was first reached from, and the match
 * branches taken on the way. A path is then read backwards.
 *
 * Reading paths costs their length, so a pathological flow (a chain of
 * 100,000 questions with a problem at each) would make that quadratic; after
 * a fixed budget of path entries, paths are no longer spelled out.
 */
export class ChoicePaths {
  /** The ask each ask was first reached from (-1: reached by start() itself). */
  readonly parentAsk: Int32Array;
  readonly parentOption: Int32Array;
  /** The match branches taken between the parent's choice and each ask. */
  readonly parentFork: (Fork | null)[];
  private budget: number;

  constructor(
    private readonly graph: FlowGraph,
    budget = 200_000,
  ) {
    this.parentAsk = new Int32Array(graph.asks.length).fill(-1);
    this.parentOption = new Int32Array(graph.asks.length).fill(-1);
    this.parentFork = new Array<Fork | null>(graph.asks.length).fill(null);
    this.budget = budget;
  }

  /**
   * The value a fork's branch stands for: the value an earlier match on the
   * path gave the input when this branch takes it too, else the branch's
   * first value (a case's, or one only the `else` takes).
   */
  private valueStep(fork: Fork, given: Map<string, string>): ChoiceStep {
    const match = this.graph.matches[fork.match]!;
    const branch = fork.branch < match.cases.length ? match.cases[fork.branch]! : match.else!;
    const earlier = given.get(match.input);
    const value = earlier !== undefined && branch.values.includes(earlier) ? earlier : (branch.values[0] ?? "?");
    given.set(match.input, value);
    return { input: match.input, value };
  }

  /**
   * The steps that reach `ask` (-1: the start), then pick its option `option`
   * (or just reach it, when option is -1), then take the branches of `fork`.
   * Null when nothing is needed (the first ask itself) or the budget is spent.
   */
  to(ask: number, option: number, fork: Fork | null = null): ChoiceStep[] | null {
    // Read backwards: choices, and the forks whose values are worked out once in order.
    const steps: (ChoiceStep | Fork)[] = [];
    const pushFork = (f: Fork | null): void => {
      for (let x = f; x !== null; x = x.prev) steps.push(x);
    };
    pushFork(fork);
    if (ask >= 0) {
      if (option >= 0) steps.push(this.choice(ask, option));
      let a = ask;
      for (;;) {
        pushFork(this.parentFork[a]!);
        const p = this.parentAsk[a]!;
        if (p < 0) break;
        steps.push(this.choice(p, this.parentOption[a]!));
        a = p;
        if (steps.length > this.budget) return null;
      }
    }
    if (steps.length === 0) return null;
    this.budget -= steps.length + 1;
    if (this.budget < 0) return null;
    const given = new Map<string, string>();
    const out: ChoiceStep[] = [];
    for (const s of steps.reverse()) {
      if (!("match" in s)) out.push(s);
      else {
        const input = this.graph.matches[s.match]!.input;
        const before = given.get(input);
        const step = this.valueStep(s, given);
        // A value the path has already given the input is not repeated.
        if (before === undefined || before !== (step as { value: string }).value) out.push(step);
      }
    }
    return out;
  }

  private choice(a: number, o: number): ChoiceStep {
    const at = this.graph.asks[a]!;
    return { ask: at.id, option: at.options[o]!.key };
  }
}

/** The path as diagnostics carry it: the data, and `reachedBy` (see reachedByKeys). */
export function pathData(path: readonly ChoiceStep[] | null): {
  path?: readonly ChoiceStep[];
  reachedBy?: readonly string[];
} {
  return path === null ? {} : { path, reachedBy: reachedByKeys(path) };
}

/** The first ask's id, then each chosen option's key; a match's value as `input = value` where it was taken. */
function reachedByKeys(path: readonly ChoiceStep[]): string[] {
  const keys: string[] = [];
  let firstAsk = true;
  for (const step of path) {
    if ("input" in step) {
      keys.push(`${step.input} = ${step.value}`);
      continue;
    }
    if (firstAsk) keys.push(step.ask);
    firstAsk = false;
    keys.push(step.option);
  }
  return keys;
}

/** ` (reached by: a → b → c)`, for the end of a message. */
export function reachedByText(path: readonly ChoiceStep[] | null): string {
  return path === null ? "" : ` (reached by: ${reachedByKeys(path).join(" → ")})`;
}

/**
 * A `flowc run` command that replays the choices of a path, as it can be
 * pasted into a shell: the path's match values are given as inputs, and a
 * choice input that no match on the path needs gets its first value.
 */
export function tryItHint(
  path: readonly ChoiceStep[] | null,
  file: string,
  inputs: readonly string[],
  firstValues: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  // A name in angle brackets (`<stdin>`, `<file>`) stands for a text with no
  // file behind it: there is nothing a printed command could run.
  if (path === null || /^<.*>$/.test(file)) return undefined;
  const values = new Map(firstValues);
  const keys: string[] = [];
  for (const step of path) {
    if ("input" in step) values.set(step.input, step.value);
    else keys.push(step.option);
  }
  return `try it: ${runCommand(file, keys, inputs, values)}`;
}
