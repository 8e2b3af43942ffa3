// Types for forms.mjs (used by test/bench/forms.test.ts).
import type { Tree } from "./tree.mjs";
export declare const optionKey: (k: number) => string;
export declare const questionId: (i: number) => string;
export declare function toFlow(tree: Tree): string;
export declare function toInk(tree: Tree): string;
export declare function toXStateConfig(tree: Tree): {
  id: string;
  initial: string;
  states: Record<string, { type?: "final"; meta: Record<string, unknown>; on?: Record<string, string> }>;
};
