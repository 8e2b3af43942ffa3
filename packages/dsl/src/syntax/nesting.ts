/**
 * Nesting, handled on the token vector before parsing, in one pass.
 *
 * A level is an ask with an option body inside it, so the depth of a place is
 * the number of option bodies (`option ... {`) around it.
 *
 * 1. The limit: up to MAX_LEVELS levels are accepted; the body that would open
 *    level MAX_LEVELS + 1 is reported once as `too-deep` and its contents (up
 *    to its matching `}`) are dropped, so the option keeps an empty body.
 * 2. Chunks: the parser and the AST builder recurse once per level, and
 *    chevrotain cannot recurse 1,000 levels on Node's default stack. So the
 *    contents of every option body that opens level CHUNK_LEVELS + 1 (relative
 *    to the chunk it is in) are moved to a chunk of their own, parsed
 *    separately, and replaced by a single `Hole` token that remembers the
 *    chunk's index. Chunk 0 is the file; a chunk is always created after the
 *    chunk that holds its hole, so building chunks from last to first builds
 *    every hole's contents before they are needed.
 *
 * Which `{` opens an option body is read from the tokens, as the grammar has
 * it: `option`, an optional name and a text, then `{`.
 * Braces are matched by counting; in broken input this can differ from what
 * the parser's recovery makes of it, which at worst misplaces a chunk
 * boundary in a file that already has a syntax error.
 */
import type { IToken, TokenType } from "chevrotain";
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import { CHUNK_LEVELS, MAX_LEVELS } from "./limits.js";
import { tokenEnd, tokenStart } from "./spans.js";
import { Hole, Identifier, LCurly, Option, RCurly, StringLiteral, TripleString } from "./tokens.js";

export interface Split {
  /** chunks[0] is the file; chunks[i > 0] the contents of the body holding hole i. */
  readonly chunks: IToken[][];
  readonly diagnostics: Diagnostic[];
}

interface OpenBrace {
  readonly isBody: boolean;
  /** True when this brace's contents went to a chunk of their own. */
  readonly startsChunk: boolean;
}

export function splitNesting(
  tokens: IToken[],
  maxLevels: number = MAX_LEVELS,
  chunkLevels: number = CHUNK_LEVELS,
): Split {
  const diagnostics: Diagnostic[] = [];
  // Fast exit, without allocating: most files nest a few levels deep.
  if (maxDepth(tokens) <= Math.min(maxLevels, chunkLevels)) return { chunks: [tokens], diagnostics };

  const chunks: IToken[][] = [[]];
  /** The chunks being filled, innermost last, with the level their contents start at. */
  const frames: { out: IToken[]; base: number }[] = [{ out: chunks[0]!, base: 0 }];
  const open: OpenBrace[] = [];
  let levels = 0;
  /** The `option` whose block the next `{` would open, if that is what comes. */
  let pendingOption: IToken | null = null;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    const frame = frames[frames.length - 1]!;
    if (type === Option) pendingOption = t;
    else if (type !== LCurly && !keepsOptionPending(type)) pendingOption = null;
    if (type === RCurly) {
      const closed = open.pop();
      if (closed?.isBody === true) levels--;
      if (closed?.startsChunk === true && frames.length > 1) frames.pop();
      frames[frames.length - 1]!.out.push(t);
      continue;
    } else if (type === LCurly) {
      const option = pendingOption;
      pendingOption = null;
      if (option !== null && levels + 1 > maxLevels) {
        diagnostics.push(
          diagnostic(
            "too-deep",
            `this option's block is nested more than ${maxLevels} levels deep (an ask inside an option, inside an ask, and so on), the most the compiler supports: move part of it into a separate \`node\` and jump there with \`->\``,
            { start: tokenStart(option), end: tokenEnd(t) },
          ),
        );
        // Keep this `{` and its matching `}`, drop what is between.
        frame.out.push(t);
        let depth = 1;
        let j = i + 1;
        for (; j < tokens.length; j++) {
          const u = tokens[j]!.tokenType;
          if (u === LCurly) depth++;
          else if (u === RCurly && --depth === 0) break;
        }
        if (j < tokens.length) frame.out.push(tokens[j]!);
        i = j;
        continue;
      }
      if (option === null) {
        open.push({ isBody: false, startsChunk: false });
        frame.out.push(t);
        continue;
      }
      levels++;
      if (levels - frame.base > chunkLevels) {
        const index = chunks.length;
        frame.out.push(t, holeToken(t, index));
        const out: IToken[] = [];
        chunks.push(out);
        frames.push({ out, base: levels });
        open.push({ isBody: true, startsChunk: true });
        continue;
      }
      open.push({ isBody: true, startsChunk: false });
      frame.out.push(t);
      continue;
    }
    frame.out.push(t);
  }
  return { chunks, diagnostics };
}

/** Between `option` and the `{` of its body come only a name and a text. */
function keepsOptionPending(type: TokenType): boolean {
  return type === Identifier || type === StringLiteral || type === TripleString;
}

/** The deepest option-body nesting in the tokens (counting as splitNesting does). */
function maxDepth(tokens: readonly IToken[]): number {
  // Each open brace is pushed as 1 (an option body) or 0.
  const open: number[] = [];
  let levels = 0;
  let max = 0;
  let pendingOption = false;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === Option) pendingOption = true;
    else if (type !== LCurly && !keepsOptionPending(type)) pendingOption = false;
    if (type === RCurly) {
      levels -= open.pop() ?? 0;
    } else if (type === LCurly) {
      open.push(pendingOption ? 1 : 0);
      if (pendingOption && ++levels > max) max = levels;
      pendingOption = false;
    }
  }
  return max;
}

/** A token the lexer never makes: it stands for the contents of chunk `index`. */
function holeToken(brace: IToken, index: number): IToken {
  return {
    image: "",
    startOffset: tokenEnd(brace),
    endOffset: tokenEnd(brace) - 1,
    tokenType: Hole,
    tokenTypeIdx: Hole.tokenTypeIdx!,
    payload: index,
  } as IToken;
}
