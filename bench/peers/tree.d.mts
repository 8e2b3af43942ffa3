// Types for tree.mjs (used by test/bench/peers-forms.test.ts).
export interface TreeOption {
  readonly label: string;
  /** The later question this option leads to, or null when it finishes. */
  readonly next: number | null;
  /** The two lines a finishing option says; null for a jump. */
  readonly lines: readonly [string, string] | null;
}
export interface TreeQuestion {
  readonly text: string;
  readonly options: readonly TreeOption[];
}
export interface Tree {
  readonly size: number;
  readonly seed: number;
  readonly questions: readonly TreeQuestion[];
}
export declare const OPTIONS_PER_QUESTION: number;
export declare const JUMP_SHARE: number;
export declare function generateTree(size: number, seed?: number): Tree;
export declare function describeTree(tree: Tree): {
  questions: number;
  options: number;
  jumps: number;
  jumpShare: number;
  reachable: number;
};
export declare function generateWalks(tree: Tree, count: number, seed?: number): number[][];
