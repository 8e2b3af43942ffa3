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
  to(ask: number, option: number): string[] | null {
    const keys: string[] = [];
    if (option >= 0) keys.push(this.graph.asks[ask]!.options[option]!.key);
    let a = ask;
    while (this.parentAsk[a]! >= 0) {
      const p = this.parentAsk[a]!;
      keys.push(this.graph.asks[p]!.options[this.parentOption[a]!]!.key);
      a = p;
      if (keys.length > this.budget) return null;
    }
    if (keys.length === 0) return null;
    this.budget -= keys.length + 1;
    if (this.budget < 0) return null;
    keys.push(this.graph.asks[a]!.id);
    return keys.reverse();
  }
}

/** ` (reached by: a → b → c)`, for the end of a message. */
export function reachedByText(path: readonly string[] | null): string {
  return path === null ? "" : ` (reached by: ${path.join(" → ")})`;
}

/** A `flowc run` command that replays the choices of a path. */
export function tryItHint(path: readonly string[] | null, file: string): string | undefined {
  if (path === null) return undefined;
  const keys = path.slice(1).join(",");
  return `try it: flowc run ${shellWord(file)} --choose ${shellWord(keys)}`;
}

function shellWord(word: string): string {
  // `<input>` (no file name given) stays a visible placeholder, not a quoted word.
  if (/^[\p{L}\p{N}_.,/@:=+-]+$/u.test(word) || /^<[a-z]+>$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
