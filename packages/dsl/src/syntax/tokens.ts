/**
 * Token types of the flow language. Chevrotain stops at the syntax/ folder:
 * nothing here is exported from the package.
 *
 * Besides the usual token types there are "stray" categories: every block
 * (top level, node body, option body, ask block, ticket block) accepts the
 * tokens that cannot start anything valid in it as strays, so the parser
 * consumes them in place and the builder reports one diagnostic per run of
 * them. Only the tokens that end a block (`}`, and `option`/`node`/end of
 * file where a missing `}` is the likely mistake) leave it.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import { SPACE_CLASS, wordEnd } from "./chars.js";
import { findStringEnd, findTripleEnd } from "./strings.js";

// ---- stray categories -------------------------------------------------------

export const StrayTop = createToken({ name: "StrayTop", pattern: Lexer.NA });
export const StrayNode = createToken({ name: "StrayNode", pattern: Lexer.NA });
export const StrayOption = createToken({ name: "StrayOption", pattern: Lexer.NA });
export const StrayAsk = createToken({ name: "StrayAsk", pattern: Lexer.NA });
export const StrayTicket = createToken({ name: "StrayTicket", pattern: Lexer.NA });

/** In a chunk's top level, what would end an option body in a whole-file parse. */
export const StrayChunk = createToken({ name: "StrayChunk", pattern: Lexer.NA });

/**
 * Stands for the contents of a deeply nested option body that nesting.ts cut
 * out to be parsed on its own (never produced by the lexer). Option bodies
 * take it as an item of their own. nesting.ts reads `option ... {` as an
 * option body wherever it is; where the parser disagrees (an option outside
 * an ask), the hole is a stray like the `{` before it.
 */
export const Hole = createToken({
  name: "Hole",
  pattern: Lexer.NA,
  label: "a nested block",
  categories: [StrayTop, StrayNode, StrayAsk, StrayTicket, StrayChunk],
});

/** Any quoted text: a one-line `"..."` or a `"""` block. */
export const Text = createToken({ name: "Text", pattern: Lexer.NA, label: "a quoted text" });

const ALL_BLOCKS = [StrayTop, StrayNode, StrayOption, StrayAsk, StrayTicket];

/** A custom matcher's answer: chevrotain only reads element 0, the image. */
function match(text: string, start: number, end: number): RegExpExecArray {
  return [text.slice(start, end)] as unknown as RegExpExecArray;
}

// ---- trivia ------------------------------------------------------------------

/** Whitespace (see chars.ts); skipped. */
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: new RegExp(`${SPACE_CLASS}+`),
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const LineComment = createToken({
  name: "LineComment",
  // To the end of the line. A lone `\r` ends it too: otherwise one comment in a
  // file with old Mac line ends would silently swallow the rest of the file.
  pattern: /\/\/[^\r\n]*/,
  group: "comments",
});

/** A closed block comment, or an unclosed one running to the end (reported later). */
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
      const close = text.indexOf("*/", offset + 2);
      return match(text, offset, close < 0 ? text.length : close + 2);
    },
  },
  start_chars_hint: ["/"],
  group: "comments",
  line_breaks: true,
});

// ---- texts -------------------------------------------------------------------

/** `"""` … `"""`; an unclosed one runs to the end of the file (reported later). */
export const TripleString = createToken({
  name: "TripleString",
  pattern: {
    exec: (text: string, offset: number) => {
      if (
        text.charCodeAt(offset) !== 34 ||
        text.charCodeAt(offset + 1) !== 34 ||
        text.charCodeAt(offset + 2) !== 34
      ) {
        return null;
      }
      return match(text, offset, findTripleEnd(text, offset).end);
    },
  },
  start_chars_hint: ['"'],
  line_breaks: true,
  label: "a quoted text",
  categories: [Text, ...ALL_BLOCKS],
});

/** `"..."` on one line; the closing quote is optional so an unclosed text is one token. */
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 34) return null;
      return match(text, offset, findStringEnd(text, offset));
    },
  },
  start_chars_hint: ['"'],
  label: "a quoted text",
  categories: [Text, ...ALL_BLOCKS],
});

// ---- punctuation ---------------------------------------------------------------

export const Arrow = createToken({
  name: "Arrow",
  pattern: /->/,
  label: "`->`",
  categories: [StrayAsk, StrayTicket],
});
export const LCurly = createToken({
  name: "LCurly",
  pattern: /{/,
  label: "`{`",
  categories: ALL_BLOCKS,
});
export const RCurly = createToken({
  name: "RCurly",
  pattern: /}/,
  label: "`}`",
  categories: [StrayTop, StrayChunk],
});

// ---- words -------------------------------------------------------------------

/** Letters and digits of any script, and `_` (see chars.ts). */
function matchWord(text: string, offset: number): RegExpExecArray | null {
  const end = wordEnd(text, offset);
  return end < 0 ? null : match(text, offset, end);
}

/**
 * The characters a word can start with: ASCII letters, digits and `_`, plus
 * every code unit from U+0080 (the matcher rejects what is not a letter or
 * digit). A word may start with a digit so that `1st` is one token; the
 * builder reports a name that starts with one. Above U+00FF chevrotain
 * indexes first characters in buckets of 255, so one code unit per bucket is
 * hint enough (and keeps building the lexer fast).
 */
const WORD_START_HINT: number[] = (() => {
  const hints: number[] = [95];
  for (let c = 48; c <= 57; c++) hints.push(c);
  for (let c = 65; c <= 90; c++) hints.push(c);
  for (let c = 97; c <= 122; c++) hints.push(c);
  for (let c = 0x80; c <= 0xff; c++) hints.push(c);
  for (let c = 0x100; c <= 0xffff; c += 255) hints.push(c);
  hints.push(0xffff);
  return hints;
})();

export const Identifier = createToken({
  name: "Identifier",
  pattern: { exec: matchWord },
  start_chars_hint: WORD_START_HINT,
  line_breaks: false,
  label: "a name",
  categories: ALL_BLOCKS,
});

function keyword(word: string, strayIn: TokenType[]): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `\`${word}\``,
    categories: strayIn,
  });
}

const STATEMENT_STRAYS = [StrayAsk, StrayTicket];
const PROP_STRAYS = [StrayTop, StrayNode, StrayOption, StrayAsk];

export const Flow = keyword("flow", [StrayNode, StrayOption, StrayAsk, StrayTicket]);
export const Input = keyword("input", [StrayNode, StrayOption, StrayAsk, StrayTicket]);
export const Node = keyword("node", [StrayChunk]);
export const Ask = keyword("ask", STATEMENT_STRAYS);
export const Option = keyword("option", [StrayTop, StrayNode, StrayChunk]);
export const Say = keyword("say", STATEMENT_STRAYS);
export const Note = keyword("note", STATEMENT_STRAYS);
export const Ticket = keyword("ticket", STATEMENT_STRAYS);
export const Todo = keyword("todo", STATEMENT_STRAYS);
export const End = keyword("end", STATEMENT_STRAYS);
export const Queue = keyword("queue", PROP_STRAYS);
export const Priority = keyword("priority", PROP_STRAYS);
export const Field = keyword("field", PROP_STRAYS);
export const Attach = keyword("attach", PROP_STRAYS);
export const Required = keyword("required", [...PROP_STRAYS, StrayTicket]);

/** The reserved words, by their spelling. `start` is reserved too but lexes as a name. */
export const KEYWORDS: readonly TokenType[] = [
  Flow,
  Input,
  Node,
  Ask,
  Option,
  Say,
  Note,
  Ticket,
  Todo,
  End,
  Queue,
  Priority,
  Field,
  Attach,
  Required,
];

/** Lexer order: trivia, texts (triple before single), punctuation, keywords, then names. */
export const LEXER_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  TripleString,
  StringLiteral,
  Arrow,
  LCurly,
  RCurly,
  ...KEYWORDS,
  Identifier,
];

/** Every token type the parser knows, categories included. */
export const ALL_TOKENS: readonly TokenType[] = [
  ...LEXER_TOKENS,
  Text,
  Hole,
  StrayChunk,
  StrayTop,
  StrayNode,
  StrayOption,
  StrayAsk,
  StrayTicket,
];
