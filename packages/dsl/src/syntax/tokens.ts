/**
 * Token types of the flow language. Chevrotain stops at the syntax/ folder:
 * nothing here is exported from the package.
 *
 * Besides the usual token types there are categories that the parser's
 * recovery reads (see parser.ts):
 * - `Stray*`: per kind of block, the tokens that cannot start anything in
 *   it. A block takes a line that starts with one of them as one broken
 *   line (one diagnostic). The tokens that belong to no stray category of a
 *   block end it (`}`, and `node`, `option` or the end of the file where a
 *   missing `}` is the likely mistake).
 * - `NameLike`: a name, or a keyword written where a name belongs (`node
 *   end {`), which the parser takes as a name and reports as `reserved-word`.
 * - `AnyToken`: every token, for skipping the rest of a broken line.
 */
import { createToken, Lexer, type TokenType } from "chevrotain";
import { SPACE_CLASS, wordEnd } from "./chars.js";
import { type KeywordKind, KEYWORD_TABLE } from "./keywords.js";
import { findStringEnd, findTripleEnd } from "./strings.js";

// ---- categories ------------------------------------------------------------------

export const AnyToken = createToken({ name: "AnyToken", pattern: Lexer.NA });
export const NameLike = createToken({
  name: "NameLike",
  pattern: Lexer.NA,
  label: "a name",
});
/** Any quoted text: `"..."`, a `"""` block, or a text in the wrong quotes. */
export const Text = createToken({
  name: "Text",
  pattern: Lexer.NA,
  label: "a quoted text",
});

export const StrayTop = createToken({ name: "StrayTop", pattern: Lexer.NA });
export const StrayNode = createToken({ name: "StrayNode", pattern: Lexer.NA });
export const StrayOption = createToken({
  name: "StrayOption",
  pattern: Lexer.NA,
});
export const StrayAsk = createToken({ name: "StrayAsk", pattern: Lexer.NA });
export const StrayTicket = createToken({
  name: "StrayTicket",
  pattern: Lexer.NA,
});
/** In a choice input's `{ }`, which lists values. */
export const StrayInput = createToken({ name: "StrayInput", pattern: Lexer.NA });
/** In a match's `{ }`, which lists cases. */
export const StrayMatch = createToken({ name: "StrayMatch", pattern: Lexer.NA });
/** In the `{ }` of a case or an `else`, which holds statements. */
export const StrayCase = createToken({ name: "StrayCase", pattern: Lexer.NA });

const EVERY_BLOCK = [StrayTop, StrayNode, StrayOption, StrayAsk, StrayTicket, StrayInput, StrayMatch, StrayCase];

/** A custom matcher's answer: chevrotain only reads element 0, the image. */
function match(text: string, start: number, end: number): RegExpExecArray {
  return [text.slice(start, end)] as unknown as RegExpExecArray;
}

// ---- trivia --------------------------------------------------------------------

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

/** A closed block comment, or an unclosed one running to the end (reported by the lexer). */
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

/**
 * `# ...` to the end of the line: not a comment in this language, but read
 * as one so that the lexer reports it once (comments start with `//`)
 * instead of the parser stumbling over every word in it.
 */
export const HashComment = createToken({
  name: "HashComment",
  pattern: /#[^\r\n]*/,
  group: "hashComments",
});

// ---- texts ---------------------------------------------------------------------

/** `"""` … `"""`; an unclosed one runs to the end of the file (reported by strings.ts). */
export const TripleString = createToken({
  name: "TripleString",
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 34 || text.charCodeAt(offset + 1) !== 34 || text.charCodeAt(offset + 2) !== 34) {
        return null;
      }
      return match(text, offset, findTripleEnd(text, offset).end);
    },
  },
  start_chars_hint: ['"'],
  line_breaks: true,
  label: "a quoted text",
  categories: [Text, AnyToken, ...EVERY_BLOCK],
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
  categories: [Text, AnyToken, ...EVERY_BLOCK],
});

/**
 * The quotes that are not `"` but that authors type or paste (typographic
 * and French quotes, apostrophes), each with the quotes that may close it.
 */
const OTHER_QUOTES: ReadonlyMap<string, string> = new Map([
  ["'", "'"],
  ["«", "»"],
  ["»", "«"],
  ["“", "”“"],
  ["”", "”“"],
  ["„", "“”"],
  ["‘", "’‘"],
  ["’", "’‘"],
  ["‚", "‘’"],
]);

/**
 * A text between quotes other than `"`, up to its closing quote on the same
 * line (or the end of the line). One token, so that the parser reads a text
 * where the author meant one, and the builder reports the quotes once.
 */
export const OtherQuotesText = createToken({
  name: "OtherQuotesText",
  pattern: {
    exec: (text: string, offset: number) => {
      const closers = OTHER_QUOTES.get(text[offset]!);
      if (closers === undefined) return null;
      // «…» nest (a Russian text quotes a name in them: «Статус «Отменён»»); the others do not.
      const opener = text[offset]!;
      let depth = 1;
      let i = offset + 1;
      for (; i < text.length; i++) {
        const c = text[i]!;
        if (c === "\n" || c === "\r") return match(text, offset, i);
        if (opener === "«" && c === "«") depth++;
        else if (closers.includes(c) && --depth === 0) return match(text, offset, i + 1);
      }
      return match(text, offset, i);
    },
  },
  start_chars_hint: [...OTHER_QUOTES.keys()],
  label: "a quoted text",
  categories: [Text, AnyToken, ...EVERY_BLOCK],
});

// ---- punctuation -----------------------------------------------------------------

export const Arrow = createToken({
  name: "Arrow",
  pattern: /->/,
  label: "`->`",
  categories: [AnyToken, StrayAsk, StrayTicket, StrayInput, StrayMatch],
});
/** Between the values of a `case`. */
export const Comma = createToken({
  name: "Comma",
  pattern: /,/,
  label: "`,`",
  categories: [AnyToken, ...EVERY_BLOCK],
});
export const LCurly = createToken({
  name: "LCurly",
  pattern: /{/,
  label: "`{`",
  categories: [AnyToken, ...EVERY_BLOCK],
});
export const RCurly = createToken({
  name: "RCurly",
  pattern: /}/,
  label: "`}`",
  categories: [AnyToken, StrayTop],
});

// ---- words -----------------------------------------------------------------------

/**
 * Letters and digits of any script, and `_` (see chars.ts). Words joined by
 * `-` (not `->`) are one token, `who-ordered`: the parser reports the dash
 * once, and the name stays one name for the checks.
 */
function matchWord(text: string, offset: number): RegExpExecArray | null {
  let end = wordEnd(text, offset);
  if (end < 0) return null;
  while (text.charCodeAt(end) === 45 /* - */ && text.charCodeAt(end + 1) !== 62 /* > */) {
    const next = wordEnd(text, end + 1);
    if (next < 0) break;
    end = next;
  }
  return match(text, offset, end);
}

/**
 * The characters a word can start with: ASCII letters, digits and `_`, plus
 * every code unit from U+0080 (the matcher rejects what is not a letter or
 * digit). A word may start with a digit so that `1st` is one token; the
 * parser reports a name that starts with one. Above U+00FF chevrotain
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
  categories: [AnyToken, NameLike, ...EVERY_BLOCK],
});

/** In which blocks a keyword of each kind cannot start anything (see the header). */
const STRAY_IN: Record<KeywordKind, TokenType[]> = {
  // `node` is in none: it ends every block (nodes do not nest). `input` and
  // `flow` end an input's values (its `}` is missing).
  declaration: [StrayNode, StrayOption, StrayAsk, StrayTicket, StrayMatch, StrayCase],
  statement: [StrayAsk, StrayTicket, StrayInput, StrayMatch],
  // `option` ends an option's block and a ticket's (their `}` is missing).
  option: [StrayTop, StrayNode, StrayInput, StrayMatch, StrayCase],
  "ticket-property": [StrayTop, StrayNode, StrayOption, StrayAsk, StrayInput, StrayMatch, StrayCase],
  modifier: EVERY_BLOCK,
  value: [StrayTop, StrayNode, StrayOption, StrayAsk, StrayTicket, StrayMatch, StrayCase],
  // `case` and `else` end a case's block (its `}` is missing).
  case: [StrayTop, StrayNode, StrayOption, StrayAsk, StrayTicket, StrayInput],
  "reserved-name": [],
};

function keywordToken(word: string, kind: KeywordKind): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `\`${word}\``,
    categories: [AnyToken, NameLike, ...(word === "node" ? [] : STRAY_IN[kind])],
  });
}

/** The keywords' token types, by spelling (every entry of the table but `start`). */
export const KEYWORD_TOKENS: ReadonlyMap<string, TokenType> = new Map(
  KEYWORD_TABLE.filter((k) => k.kind !== "reserved-name").map((k) => [k.word, keywordToken(k.word, k.kind)]),
);

function kw(word: string): TokenType {
  return KEYWORD_TOKENS.get(word)!;
}

export const Flow = kw("flow");
export const Input = kw("input");
export const Node = kw("node");
export const Ask = kw("ask");
export const Option = kw("option");
export const Say = kw("say");
export const Note = kw("note");
export const Ticket = kw("ticket");
export const Todo = kw("todo");
export const End = kw("end");
export const Queue = kw("queue");
export const Priority = kw("priority");
export const Field = kw("field");
export const Attach = kw("attach");
export const Required = kw("required");
export const Value = kw("value");
export const Match = kw("match");
export const Case = kw("case");
export const Else = kw("else");

/** Lexer order: trivia, texts (triple before single), punctuation, keywords, then names. */
export const LEXER_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  HashComment,
  TripleString,
  StringLiteral,
  OtherQuotesText,
  Arrow,
  Comma,
  LCurly,
  RCurly,
  ...KEYWORD_TOKENS.values(),
  Identifier,
];

/** Every token type the parser knows, categories included. */
export const ALL_TOKENS: readonly TokenType[] = [...LEXER_TOKENS, AnyToken, NameLike, Text, ...EVERY_BLOCK];
