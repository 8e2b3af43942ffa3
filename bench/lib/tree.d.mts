// Types for tree.mjs (used by test/bench/forms.test.ts).
export interface TreeOption {
  readonly label: string;
  /** The later question this option leads to, or null when it finishes with `lines`. */
  readonly next: number | null;
  readonly lines: readonly [string, string] | null;
}
export interface TreeQuestion { readonly text: string; readonly options: readonly TreeOption[] }
export interface Tree { readonly size: number; readonly seed: number; readonly questions: readonly TreeQuestion[] }
export declare function generateTree(size: number, seed?: number): Tree;
export declare function describeTree(tree: Tree): { questions: number; options: number; jumps: number; jumpShare: number; reachable: number };
export declare function generateWalks(tree: Tree, count: number, seed?: number): number[][];
export declare function createRandom(seed: number): { next(): number; int(n: number): number; pick<T>(array: readonly T[]): T };
