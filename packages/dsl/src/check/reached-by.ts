import type { ChoiceStep } from "../diagnostics.js";
import { runCommand } from "../shell.js";
import type { FlowGraph } from "./graph.js";

/**
 * Shortest ways to reach each ask: a breadth-first search over asks records,
 * for each ask, the ask and option it was first reached from. A path is then
 * read backwards: the first ask's id, then every chosen option key.
 *
 * Reading paths costs their length, so a pathological flow (a chain of
 * 100,000 questions with a problem at each) would make that quadratic; after
 * a fixed budget of path entries, paths are no longer spelled out.
 */
export class ChoicePaths {
  /** The ask each ask was first reached from (-1: reached by start() itself). */
  readonly parentAsk: Int32Array;
  readonly parentOption: Int32Array;
  private budget: number;

  constructor(
    private readonly graph: FlowGraph,
    budget = 200_000,
  ) {
    this.parentAsk = new Int32Array(graph.asks.length).fill(-1);
    this.parentOption = new Int32Array(graph.asks.length).fill(-1);
    this.budget = budget;
  }

  /**
   * The choices that reach `ask` and then pick its option `option` (or just
   * reach `ask`, when option is -1). Null when no choice is needed (the first
   * ask itself) or the budget is spent.
   */
  to(ask: number, option: number): ChoiceStep[] | null {
    const steps: ChoiceStep[] = [];
    const step = (a: number, o: number): ChoiceStep => {
      const at = this.graph.asks[a]!;
      return { ask: at.id, option: at.options[o]!.key };
    };
    if (option >= 0) steps.push(step(ask, option));
    let a = ask;
    while (this.parentAsk[a]! >= 0) {
      const p = this.parentAsk[a]!;
      steps.push(step(p, this.parentOption[a]!));
      a = p;
      if (steps.length > this.budget) return null;
    }
    if (steps.length === 0) return null;
    this.budget -= steps.length + 1;
    if (this.budget < 0) return null;
    return steps.reverse();
  }
}

/** The path as diagnostics carry it: the data, and `reachedBy` (the first ask's id, then the keys). */
export function pathData(path: readonly ChoiceStep[] | null): {
  path?: readonly ChoiceStep[];
  reachedBy?: readonly string[];
} {
  return path === null ? {} : { path, reachedBy: reachedByKeys(path) };
}

function reachedByKeys(path: readonly ChoiceStep[]): string[] {
  return [path[0]!.ask, ...path.map((s) => s.option)];
}

/** ` (reached by: a → b → c)`, for the end of a message. */
export function reachedByText(path: readonly ChoiceStep[] | null): string {
  return path === null ? "" : ` (reached by: ${reachedByKeys(path).join(" → ")})`;
}

/** A `flowc run` command that replays the choices of a path, as it can be pasted into a shell. */
export function tryItHint(
  path: readonly ChoiceStep[] | null,
  file: string,
  inputs: readonly string[],
): string | undefined {
  // A name in angle brackets (`<stdin>`, `<file>`) stands for a text with no
  // file behind it: there is nothing a printed command could run.
  if (path === null || /^<.*>$/.test(file)) return undefined;
  return `try it: ${runCommand(
    file,
    path.map((s) => s.option),
    inputs,
  )}`;
}
