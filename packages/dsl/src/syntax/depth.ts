/**
 * The nesting limit, applied to the tokens before parsing.
 *
 * A level is an ask with an option's block inside it, so the depth of a
 * place is the number of option blocks (`option [name] [text] {`) around it.
 * The parser and the checks handle MAX_LEVELS levels; the block that would
 * open one more is reported once as `too-deep`, and the tokens inside it (up
 * to its matching `}`) are dropped, so the option keeps an empty block and
 * nothing deeper is ever parsed. The parser reads an option's block only
 * where this pass counts one, so its recursion stays within the limit.
 */
import type { IToken } from "chevrotain";
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import { tokenMatcher } from "chevrotain";
import { tokenEnd, tokenStart } from "./spans.js";
import { LCurly, NameLike, Option, RCurly, Text } from "./tokens.js";

/** The deepest nesting a flow may have (LANGUAGE.md guarantees 200); one more level is `too-deep`. */
export const MAX_LEVELS = 200;

export interface Bounded {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function boundNesting(tokens: IToken[], maxLevels: number = MAX_LEVELS): Bounded {
  /** For each open `{`, whether it opened an option's block. */
  const open: boolean[] = [];
  let levels = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === RCurly) {
      if (open.pop() === true) levels--;
    } else if (type === LCurly) {
      const isOptionBlock = opensOptionBlock(tokens, i);
      open.push(isOptionBlock);
      if (isOptionBlock && ++levels > maxLevels) return cut(tokens, i, maxLevels);
    }
  }
  return { tokens, diagnostics: [] };
}

/** Is the `{` at `i` an option's: `option`, then at most a name and a text, then `{`? */
function opensOptionBlock(tokens: readonly IToken[], i: number): boolean {
  let j = i - 1;
  if (j >= 0 && tokenMatcher(tokens[j]!, Text)) j--;
  if (j >= 0 && tokens[j]!.tokenType !== Option && tokenMatcher(tokens[j]!, NameLike)) j--;
  return j >= 0 && tokens[j]!.tokenType === Option;
}

/**
 * Report the option block opening at `brace` as too deep and drop what is
 * inside every block that deep, keeping the braces (one report per file:
 * one mistake, one error).
 */
function cut(tokens: IToken[], brace: number, maxLevels: number): Bounded {
  let option = brace;
  while (option > 0 && tokens[option]!.tokenType !== Option) option--;
  const first = tokens[option]!;
  const diagnostics = [
    diagnostic(
      "too-deep",
      `this option's block is nested more than ${maxLevels} levels deep (an ask inside an option, inside an ask, and so on), the most the compiler supports`,
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
      const isOptionBlock = opensOptionBlock(tokens, i);
      open.push(isOptionBlock);
      if (isOptionBlock && levels + 1 > maxLevels) {
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
      if (isOptionBlock) levels++;
    }
    kept.push(t);
  }
  return { tokens: kept, diagnostics };
}
