/**
 * What surrounds the cursor, read from the characters before it: inside a
 * text or a comment, the block it is in, the words just before it.
 *
 * This is not a second parser: it knows only quotes, comments, words and
 * braces. Completion runs on text that is being typed — half a word, a `{`
 * not yet closed — which the parser can only recover from, not describe;
 * braces and the last few words are what tell which words fit here.
 */
import { KEYWORD_TABLE } from "./keywords.js";

export type BlockKind = "top" | "node" | "ask" | "option" | "ticket" | "input" | "match" | "other";

export interface PrevToken {
  readonly kind: "word" | "text" | "arrow" | "open" | "close" | "other";
  readonly image: string;
  readonly start: number;
  readonly end: number;
}

export interface CursorContext {
  readonly where: "code" | "text" | "comment";
  /** Inside a text: the offset just after the `{` of a placeholder being typed, else -1. */
  readonly placeholderFrom: number;
  /** The innermost block around the cursor. */
  readonly block: BlockKind;
  /** The word after the keyword that opened that block (a match's input, a node's name), "" when none. */
  readonly blockName: string;
  /** At the top level before the cursor: a `node`, a statement. */
  readonly seenNode: boolean;
  readonly seenStatement: boolean;
  readonly seenFlow: boolean;
  /** The word the cursor is in or just after (start === end when none). */
  readonly word: { readonly start: number; readonly end: number };
  /** Up to three tokens before that word, nearest last. */
  readonly previous: readonly PrevToken[];
}

const STATEMENT_WORDS: ReadonlySet<string> = new Set(
  KEYWORD_TABLE.filter((k) => k.role === "statement").map((k) => k.word),
);
// A Map, not an object literal: a name like `constructor` or `__proto__` must not look like a block word.
const BLOCK_WORDS: ReadonlyMap<string, BlockKind> = new Map([
  ["node", "node"],
  ["ask", "ask"],
  ["option", "option"],
  ["ticket", "ticket"],
  ["input", "input"],
  ["match", "match"],
]);

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

export function isWordChar(code: number): boolean {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  }
  return (code >= 0xd800 && code <= 0xdfff) || WORD_CHAR.test(String.fromCharCode(code));
}

/** Where the word starting at `from` ends (one regex run, not one per letter: Russian texts are long). */
const WORD_RUN = /[\p{L}\p{N}\p{M}_\uD800-\uDFFF]*/uy;
function wordEnd(text: string, from: number): number {
  WORD_RUN.lastIndex = from;
  WORD_RUN.exec(text);
  return WORD_RUN.lastIndex;
}

/** The word around `offset` (a name or keyword being typed). */
export function wordAround(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  return { start, end };
}

export function cursorContext(text: string, offset: number): CursorContext {
  const stop = Math.max(0, Math.min(offset, text.length));
  const blocks: { kind: BlockKind; name: string }[] = [];
  const previous: PrevToken[] = [];
  let lastBlockWord: BlockKind = "other";
  let lastBlockName = "";
  let awaitingName = false;
  let seenNode = false;
  let seenStatement = false;
  let seenFlow = false;
  const push = (t: PrevToken) => {
    previous.push(t);
    if (previous.length > 4) previous.shift();
  };
  let i = 0;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    // Comments.
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const eol = text.indexOf("\n", i);
      const end = eol < 0 ? text.length : eol;
      if (end >= stop) return comment();
      i = end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf("*/", i + 2);
      if (close < 0 || close + 2 > stop) return comment();
      i = close + 2;
      continue;
    }
    // Texts.
    if (c === 34) {
      const triple = text.startsWith('"""', i);
      const end = triple ? tripleEnd(text, i) : stringEnd(text, i);
      if (end > stop || (end === stop && !closedAt(text, i, end, triple))) {
        return inText(i + (triple ? 3 : 1));
      }
      push({ kind: "text", image: text.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if (c === 45 && text.charCodeAt(i + 1) === 62) {
      push({ kind: "arrow", image: "->", start: i, end: i + 2 });
      if (blocks.length === 0) seenStatement = true;
      i += 2;
      continue;
    }
    if (c === 123) {
      blocks.push({ kind: lastBlockWord, name: lastBlockName });
      lastBlockWord = "other";
      lastBlockName = "";
      awaitingName = false;
      push({ kind: "open", image: "{", start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === 125) {
      blocks.pop();
      push({ kind: "close", image: "}", start: i, end: i + 1 });
      i++;
      continue;
    }
    if (isWordChar(c)) {
      const end = Math.max(i + 1, wordEnd(text, i));
      if (end >= stop) break; // the word being typed
      const image = text.slice(i, end);
      const block = BLOCK_WORDS.get(image);
      if (block !== undefined) {
        lastBlockWord = block;
        lastBlockName = "";
        awaitingName = true;
      } else if (awaitingName) {
        lastBlockName = image;
        awaitingName = false;
      }
      if (blocks.length === 0) {
        if (image === "node") seenNode = true;
        else if (image === "flow") seenFlow = true;
        else if (STATEMENT_WORDS.has(image)) seenStatement = true;
      }
      push({ kind: "word", image, start: i, end });
      i = end;
      continue;
    }
    push({ kind: "other", image: text[i]!, start: i, end: i + 1 });
    i++;
  }
  return base();

  function comment(): CursorContext {
    return { ...base(), where: "comment" };
  }
  function inText(from: number): CursorContext {
    // A `{` after the last unescaped `}` before the cursor, with only word characters after it.
    let brace = -1;
    for (let k = from; k < stop; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 92) k++;
      else if (ch === 123) brace = k + 1;
      else if (ch === 125) brace = -1;
    }
    if (brace >= 0) {
      for (let k = brace; k < stop; k++) if (!isWordChar(text.charCodeAt(k))) brace = -1;
    }
    return { ...base(), where: "text", placeholderFrom: brace };
  }
  function base(): CursorContext {
    return {
      where: "code",
      placeholderFrom: -1,
      block: blocks.length === 0 ? "top" : blocks[blocks.length - 1]!.kind,
      blockName: blocks.length === 0 ? "" : blocks[blocks.length - 1]!.name,
      seenNode,
      seenStatement,
      seenFlow,
      word: wordAround(text, stop),
      previous: previous.slice(-3),
    };
  }
}

/** End of a one-line text: after its closing quote, or at the end of its line. */
function stringEnd(text: string, start: number): number {
  for (let k = start + 1; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 92) k++;
    else if (ch === 34) return k + 1;
    else if (ch === 10 || ch === 13) return k;
  }
  return text.length;
}

function tripleEnd(text: string, start: number): number {
  const close = text.indexOf('"""', start + 3);
  return close < 0 ? text.length : close + 3;
}

function closedAt(text: string, start: number, end: number, triple: boolean): boolean {
  if (triple) return end - start >= 6 && text.startsWith('"""', end - 3);
  return end - start >= 2 && text.charCodeAt(end - 1) === 34;
}
