/**
 * The one place where chevrotain positions become our spans.
 *
 * Chevrotain offsets are UTF-16 indexes, like ours, but its end offsets are
 * inclusive and its line/column count UTF-16 code units. We take only the
 * start offset and the image of a token (end = start + image length, half
 * open) and leave lines and columns to SourceFile.positionAt, which counts
 * code points. A token that recovery inserted has no position (NaN): it is
 * anchored at the end of the token before it, as Langium does.
 */
import type { Span } from "../diagnostics.js";

/** The parts of a chevrotain token we read; structurally compatible with IToken. */
export interface TokenLike {
  readonly image: string;
  readonly startOffset: number;
  readonly isInsertedInRecovery?: boolean;
  readonly tokenType: { readonly name: string };
}

export function isRealToken(token: TokenLike | undefined): token is TokenLike {
  return (
    token !== undefined &&
    token.isInsertedInRecovery !== true &&
    Number.isFinite(token.startOffset) &&
    token.tokenType.name !== "EOF"
  );
}

export function tokenStart(token: TokenLike): number {
  return token.startOffset;
}

export function tokenEnd(token: TokenLike): number {
  return token.startOffset + token.image.length;
}

export function tokenSpan(token: TokenLike): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** A span forced inside [0, length], start ≤ end, with NaN treated as 0. */
export function clampSpan(length: number, start: number, end: number): Span {
  const s = Number.isFinite(start) ? Math.max(0, Math.min(start, length)) : 0;
  const e = Number.isFinite(end) ? Math.max(s, Math.min(end, length)) : s;
  return { start: s, end: e };
}

/**
 * Is there a line break in text[from, to)? Only the gap is scanned (never
 * back to the start of the line), so checking every pair of adjacent tokens
 * stays linear even on a file that is one huge line.
 */
export function lineBreakBetween(text: string, from: number, to: number): boolean {
  for (let i = Math.max(0, from); i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}
