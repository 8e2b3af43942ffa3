/**
 * The lexer's character classes and the rules on words, in one place: the
 * lexer (tokens.ts), the parser (parser.ts, build.ts) and strings.ts read
 * whitespace, words, names and priorities by these.
 */
import type { Priority } from "../ast/types.js";
import { PRIORITY_WORDS } from "./keywords.js";

/**
 * Whitespace: ASCII blanks plus the Unicode spaces that pasted text brings
 * (no-break space, thin spaces, a stray BOM). A regex character class
 * without the `u` flag, so chevrotain can still index it by first character.
 */
export const SPACE_CLASS = "[ \\t\\r\\n\\f\\v\\u00a0\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";

/** Letters and digits of any script, and `_`. */
const WORD = /[\p{L}\p{N}_]+/uy;
/** The rest of a word after its ASCII start (may be empty). */
const WORD_REST = /[\p{L}\p{N}_]*/uy;

/** [A-Za-z0-9_]: the ASCII part of WORD. */
function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * End (exclusive) of the word starting at `offset`, or -1 when none starts
 * there. A word may start with a digit so that `1st` is one token (the AST
 * builder reports a name that starts with one). Names are mostly ASCII, so
 * an ASCII run is read by hand and the regex takes over only at the first
 * character beyond.
 */
export function wordEnd(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  if (c < 0x80) {
    if (!isAsciiWordChar(c)) return -1;
    let i = offset + 1;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d >= 0x80) break;
      if (!isAsciiWordChar(d)) return i;
    }
    if (i >= text.length) return i;
    WORD_REST.lastIndex = i;
    WORD_REST.test(text);
    return WORD_REST.lastIndex;
  }
  // A lone low surrogate: a `u` regex would step back into the pair before it.
  if (c >= 0xdc00 && c <= 0xdfff) return -1;
  WORD.lastIndex = offset;
  return WORD.test(text) ? WORD.lastIndex : -1;
}

const DIGIT_START = /^\p{N}/u;

/** A word that starts with a digit (of any script): one token, but not a valid name. */
export function startsWithDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 0x80) return c >= 48 && c <= 57; // names are nearly all ASCII: no regex
  return DIGIT_START.test(word);
}

const PRIORITIES: ReadonlySet<string> = new Set<Priority>(PRIORITY_WORDS);

/** One of the words a ticket's `priority` takes. */
export function isPriority(word: string): word is Priority {
  return PRIORITIES.has(word);
}
