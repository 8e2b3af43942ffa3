/**
 * The nesting limit, applied to the tokens before parsing.
 *
 * A level is an ask with an option's block inside it, or a match with a
 * case's block, so the depth of a place is the number of option and case
 * blocks (`option [name] [text] {`, `case a, b {`, `else {`) around it.
 * The parser and the checks handle MAX_LEVELS levels; the block that would
 * open one more is reported once as `too-deep`, and the tokens inside it (up
 * to its matching `}`) are dropped, so the option keeps an empty block and
 * nothing deeper is ever parsed. The parser reads an option's or a case's
 * block only where this pass counts one, so its recursion stays within the limit.
 */
import type { IToken } from "chevrotain";
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import { tokenMatcher } from "chevrotain";
import { tokenEnd, tokenStart } from "./spans.js";
import { Case, Comma, Else, LCurly, NameLike, Option, RCurly, Text } from "./tokens.js";

/** The deepest nesting a flow may have (LANGUAGE.md guarantees 200); one more level is `too-deep`. */
export const MAX_LEVELS = 200;

export interface Bounded {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function boundNesting(tokens: IToken[], maxLevels: number = MAX_LEVELS): Bounded {
  /** For each open `{`, whether it opened an option's or a case's block. */
  const open: boolean[] = [];
  let levels = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === RCurly) {
      if (open.pop() === true) levels--;
    } else if (type === LCurly) {
      const isLevel = opensLevel(tokens, i);
      open.push(isLevel);
      if (isLevel && ++levels > maxLevels) return cut(tokens, i, maxLevels);
    }
  }
  return { tokens, diagnostics: [] };
}

/**
 * Does the `{` at `i` open a level: an option's block (`option`, then at most
 * a name and a text), or a case's (`case` and names between commas, or `else`)?
 */
function opensLevel(tokens: readonly IToken[], i: number): boolean {
  let j = i - 1;
  if (j < 0) return false;
  if (tokens[j]!.tokenType === Else) return true;
  let k = j;
  while (k >= 0 && (tokens[k]!.tokenType === Comma || (tokenMatcher(tokens[k]!, NameLike) && tokens[k]!.tokenType !== Case))) k--;
  if (k >= 0 && tokens[k]!.tokenType === Case) return true;
  if (tokenMatcher(tokens[j]!, Text)) j--;
  if (j >= 0 && tokens[j]!.tokenType !== Option && tokenMatcher(tokens[j]!, NameLike)) j--;
  return j >= 0 && tokens[j]!.tokenType === Option;
}

/** The keyword that opened the level whose `{` is at `brace`. */
function levelKeyword(tokens: readonly IToken[], brace: number): number {
  let k = brace;
  while (k > 0) {
    const type = tokens[k]!.tokenType;
    if (type === Option || type === Case || type === Else) break;
    k--;
  }
  return k;
}

/**
 * Report the option block opening at `brace` as too deep and drop what is
 * inside every block that deep, keeping the braces (one report per file:
 * one mistake, one error).
 */
function cut(tokens: IToken[], brace: number, maxLevels: number): Bounded {
  const first = tokens[levelKeyword(tokens, brace)]!;
  const what = first.tokenType === Option ? "option's" : first.tokenType === Case ? "case's" : "`else`'s";
  const diagnostics = [
    diagnostic(
      "too-deep",
      `this ${what} block is nested more than ${maxLevels} levels deep (an ask inside an option, inside an ask, and so on), the most the compiler supports`,
      { start: tokenStart(first), end: tokenEnd(tokens[brace]!) },
      {
        hint: "move part of it into a separate `node` and jump there with `->`",
      },
    ),
  ];
  const kept: IToken[] = [];
  const open: boolean[] = [];
  let levels = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType === RCurly) {
      if (open.pop() === true) levels--;
    } else if (t.tokenType === LCurly) {
      const isLevel = opensLevel(tokens, i);
      open.push(isLevel);
      if (isLevel && levels + 1 > maxLevels) {
        // Keep this `{` and its matching `}`, drop what is between.
        kept.push(t);
        let depth = 1;
        let j = i + 1;
        for (; j < tokens.length; j++) {
          const u = tokens[j]!.tokenType;
          if (u === LCurly) depth++;
          else if (u === RCurly && --depth === 0) break;
        }
        open.pop();
        if (j < tokens.length) kept.push(tokens[j]!);
        i = j;
        continue;
      }
      if (isLevel) levels++;
    }
    kept.push(t);
  }
  return { tokens: kept, diagnostics };
}
