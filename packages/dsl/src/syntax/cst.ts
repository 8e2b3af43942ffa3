/**
 * The concrete syntax tree as the AST builder sees it: a structural view of
 * chevrotain's CstNode and IToken, so no chevrotain type leaves syntax/.
 * Children are grouped by rule or token-type name (or LABEL), each group in
 * source order, as chevrotain builds them.
 */
import type { TokenLike } from "./spans.js";

export type { TokenLike } from "./spans.js";

export interface CstNodeLike {
  readonly name: string;
  readonly children: Readonly<Record<string, readonly CstElement[] | undefined>>;
  /** Set when re-sync recovery cut the node short: parts may be missing. */
  readonly recoveredNode?: boolean;
}

export type CstElement = CstNodeLike | TokenLike;

export function isCstNode(element: CstElement | undefined): element is CstNodeLike {
  return element !== undefined && "children" in element;
}

/** The chunk a `Hole` token stands for (see nesting.ts), or -1. */
export function holeChunk(token: TokenLike & { readonly payload?: unknown }): number {
  return typeof token.payload === "number" ? token.payload : -1;
}
