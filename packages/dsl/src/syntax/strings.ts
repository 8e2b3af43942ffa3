/**
 * Quoted texts: where a text token ends (used by the lexer), and how its
 * contents decode into literal runs and `{name}` placeholders (used by the
 * AST builder). Every part keeps the source offsets it came from, so a
 * diagnostic about a placeholder points into the real file.
 *
 * Rules (LANGUAGE.md, "Lexical rules"):
 * - `"..."` stays on one line; escapes `\" \\ \n \t \{ \} \u{hex}`.
 * - `"""` opens a block that ends its line; the closing `"""` stands on its
 *   own line; the text is the lines between, joined by `\n`, with the common
 *   leading indentation of the non-blank lines removed (compared character by
 *   character, so a tab is not two spaces). Blank lines become empty lines.
 * - `{name}` is a placeholder; `{}`, `{a b}` and an unclosed `{` are errors;
 *   `\{` is a literal brace and a lone `}` is literal too.
 */
import type { LiteralPart, Text, TextPart } from "../ast/types.js";
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import { startsWithDigit, wordEnd } from "./chars.js";

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;

/**
 * Does a line end at i? `\n`, `\r\n`, and also a lone `\r`: the language's
 * line breaks are `\n` and `\r\n`, but a stray `\r` ending a one-line text
 * (an error) is safer than a text running on past it (the formatter reads
 * a lone `\r` the same way).
 */
function lineBreakAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === LF || c === CR;
}

/** End (exclusive) of the one-line text starting with `"` at `offset`; stops before a line break. */
export function findStringEnd(text: string, offset: number): number {
  const n = text.length;
  let i = offset + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (lineBreakAt(text, i)) return i;
    if (c === BACKSLASH) {
      i += i + 1 >= n || lineBreakAt(text, i + 1) ? 1 : 2;
      continue;
    }
    i++;
  }
  return n;
}

/** End (exclusive) of the `"""` block starting at `offset`: the first unescaped `"""`, or the end of the text. */
export function findTripleEnd(text: string, offset: number): { end: number; closed: boolean } {
  const n = text.length;
  let i = offset + 3;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === QUOTE && text.charCodeAt(i + 1) === QUOTE && text.charCodeAt(i + 2) === QUOTE) {
      return { end: i + 3, closed: true };
    }
    i++;
  }
  return { end: n, closed: false };
}

/** A text that the parser could not find: empty, zero-width, flagged. */
export function missingText(at: number): Text {
  return { kind: "Text", parts: [], raw: "", triple: false, span: { start: at, end: at }, missing: true };
}

/** Shared by every text that decodes cleanly (nearly all): nothing to allocate. */
const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/** Decode the text token at [start, end) of `src`. */
export function decodeText(
  src: string,
  start: number,
  end: number,
): { text: Text; diagnostics: readonly Diagnostic[] } {
  const triple =
    end - start >= 3 &&
    src.charCodeAt(start + 1) === QUOTE &&
    src.charCodeAt(start + 2) === QUOTE;
  if (!triple) {
    if (plainTextEnd(src, start) === end) {
      return { text: plainText(src, start, end), diagnostics: NO_DIAGNOSTICS };
    }
  }
  const out = new TextBuilder(src);
  if (triple) decodeTriple(src, start, end, out);
  else decodeSingle(src, start, end, out);
  return {
    text: { kind: "Text", parts: out.finish(), raw: out.raw, triple, span: { start, end } },
    diagnostics: out.diagnostics,
  };
}

// ---- one-line texts -----------------------------------------------------------

/** Is the one-line text at [start, end) closed: does it end with a quote that no backslash escapes? */
function isClosed(src: string, start: number, end: number): boolean {
  if (end - start < 2 || src.charCodeAt(end - 1) !== QUOTE) return false;
  let backslashes = 0;
  for (let i = end - 2; i > start && src.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** The common text: closed on its line, with no escape and no brace. */
const PLAIN_TEXT = /"[^"\\{\r\n]*"/y;

/**
 * End (exclusive) of the plain one-line text (see PLAIN_TEXT) starting with
 * `"` at `offset`, or -1 when the text there is anything else. The regex
 * engine finds it about twice as fast as a loop over the characters, and in
 * one pass answers both where the token ends and whether it needs decoding.
 */
export function plainTextEnd(src: string, offset: number): number {
  PLAIN_TEXT.lastIndex = offset;
  return PLAIN_TEXT.test(src) ? PLAIN_TEXT.lastIndex : -1;
}

/** The Text of a plain one-line text at [start, end) (see plainTextEnd): nothing to decode. */
export function plainText(src: string, start: number, end: number): Text {
  const value = src.slice(start + 1, end - 1);
  const parts: TextPart[] = value === "" ? [] : [{ kind: "Literal", value, span: { start: start + 1, end: end - 1 } }];
  return { kind: "Text", parts, raw: value, triple: false, span: { start, end } };
}

function decodeSingle(src: string, start: number, end: number, out: TextBuilder): void {
  const closed = isClosed(src, start, end);
  decodeSegment(src, start + 1, closed ? end - 1 : end, out);
  if (!closed) {
    out.error(
      "this text is never closed: end it with `\"` on the same line (use `\"\"\"` for a text of several lines)",
      start,
      end,
    );
  }
}

// ---- `"""` blocks ------------------------------------------------------------------

interface Line {
  readonly start: number;
  /** End of the line's content: before `\r\n`, `\n` or the closing `"""`. */
  readonly end: number;
}

function isBlank(src: string, line: Line): boolean {
  for (let i = line.start; i < line.end; i++) {
    const c = src.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function indentOf(src: string, line: Line): number {
  let i = line.start;
  while (i < line.end && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
  return i - line.start;
}

function decodeTriple(src: string, start: number, end: number, out: TextBuilder): void {
  const { closed } = findTripleEnd(src, start);
  const closeAt = closed ? end - 3 : end; // where the content stops
  const bodyStart = start + 3;

  // Split [bodyStart, closeAt) into lines; the first is what shares the opening `"""` line.
  const lines: Line[] = [];
  let ls = bodyStart;
  for (let i = bodyStart; i < closeAt; i++) {
    if (src.charCodeAt(i) === LF) {
      const le = i > ls && src.charCodeAt(i - 1) === CR ? i - 1 : i;
      lines.push({ start: ls, end: le });
      ls = i + 1;
    }
  }
  const last: Line = { start: ls, end: closeAt };
  const opening = lines.length > 0 ? lines.shift()! : last;
  const oneLine = lines.length === 0 && opening === last;

  let content: Line[] = lines;
  let extraFirst: Line | null = null;
  if (oneLine && closed) {
    // `"""text"""` or `""" """`: the block never leaves its first line.
    const at = opening.start + indentOf(src, opening);
    out.error(
      "a `\"\"\"` text spans lines: put the text on the lines between the opening `\"\"\"` and the closing one (for one line, use `\"...\"`)",
      start,
      end,
    );
    if (!isBlank(src, opening)) extraFirst = { start: at, end: opening.end };
  } else if (!isBlank(src, opening)) {
    const at = opening.start + indentOf(src, opening);
    out.error(
      "the opening `\"\"\"` must end its line: start the text on the next line",
      at,
      opening.end,
    );
    extraFirst = { start: at, end: opening.end };
  }
  if (!oneLine) {
    if (!isBlank(src, last)) {
      if (closed) {
        out.error(
          "the closing `\"\"\"` must stand on its own line: put it on the line after the text",
          closeAt,
          end,
        );
      }
      content = [...lines, last];
    }
  }
  if (!closed) {
    out.error("this `\"\"\"` text is never closed: add a line with `\"\"\"` after the text", start, bodyStart);
  }

  // The common indentation of the non-blank lines, compared character by character.
  let common: string | null = null;
  for (const line of content) {
    if (isBlank(src, line)) continue;
    const indent = src.slice(line.start, line.start + indentOf(src, line));
    if (common === null) common = indent;
    else {
      let k = 0;
      while (k < common.length && k < indent.length && common.charCodeAt(k) === indent.charCodeAt(k)) k++;
      common = common.slice(0, k);
    }
  }
  const cut = common === null ? 0 : common.length;

  const all = extraFirst === null ? content : [extraFirst, ...content];
  all.forEach((line, index) => {
    if (index > 0) {
      // The line break between two lines, attributed to the previous line's end.
      const prev = all[index - 1]!;
      out.literal("\n", prev.end, prev.end + 1, "\n");
    }
    if (line === extraFirst) decodeSegment(src, line.start, line.end, out);
    else if (!isBlank(src, line)) decodeSegment(src, line.start + cut, line.end, out);
  });

  if (closed) checkAfterClosing(src, end, out);
}

/** Only whitespace (or a comment) may follow the closing `"""` on its line. */
function checkAfterClosing(src: string, from: number, out: TextBuilder): void {
  let i = from;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === CR) {
      i++;
      continue;
    }
    if (c === LF) return;
    if (c === 47 && (src.charCodeAt(i + 1) === 47 || src.charCodeAt(i + 1) === 42)) return;
    let e = src.indexOf("\n", i);
    if (e < 0) e = src.length;
    if (e > i && src.charCodeAt(e - 1) === CR) e--;
    out.error(
      "the closing `\"\"\"` must stand on its own line: move what follows it to the next line",
      i,
      e,
    );
    return;
  }
}

// ---- escapes and placeholders ---------------------------------------------------------

const HEX = /^[0-9a-fA-F]{1,6}$/;

/** Decode [s, e) of `src` into `out`: escapes, placeholders, literal runs. */
function decodeSegment(src: string, s: number, e: number, out: TextBuilder): void {
  let i = s;
  while (i < e) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) {
      i = decodeEscape(src, i, e, out);
    } else if (c === 123 /* { */) {
      i = decodePlaceholder(src, i, e, out);
    } else {
      let j = i + 1;
      while (j < e) {
        const d = src.charCodeAt(j);
        if (d === BACKSLASH || d === 123) break;
        j++;
      }
      const run = src.slice(i, j);
      out.literal(run, i, j, run);
      i = j;
    }
  }
}

const SIMPLE_ESCAPES: Record<string, [value: string, raw: string]> = {
  '"': ['"', '"'],
  "\\": ["\\", "\\"],
  n: ["\n", "\n"],
  t: ["\t", "\t"],
  "{": ["{", "\\{"],
  "}": ["}", "\\}"],
};

/** One escape at `i` (a backslash); returns where decoding goes on. */
function decodeEscape(src: string, i: number, e: number, out: TextBuilder): number {
  if (i + 1 >= e) {
    out.error("a `\\` at the end of a text starts nothing: write `\\\\` for a backslash", i, i + 1);
    out.literal("\\", i, i + 1, "\\");
    return i + 1;
  }
  const next = src[i + 1]!;
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) {
    out.literal(simple[0], i, i + 2, simple[1]);
    return i + 2;
  }
  if (next === "u") {
    if (src.charCodeAt(i + 2) !== 123 || i + 2 >= e) {
      out.error("write a Unicode escape with braces, like `\\u{1F600}`", i, i + 2);
      out.literal("\\u", i, i + 2, "\\u");
      return i + 2;
    }
    let j = i + 3;
    while (j < e && src.charCodeAt(j) !== 125 /* } */ && src.charCodeAt(j) !== QUOTE && j - i < 12) j++;
    const closed = j < e && src.charCodeAt(j) === 125;
    const hex = src.slice(i + 3, j);
    const stop = closed ? j + 1 : j;
    const cp = closed && HEX.test(hex) ? parseInt(hex, 16) : -1;
    if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out.error(
        cp < 0
          ? "a Unicode escape holds 1 to 6 hexadecimal digits in braces, like `\\u{1F600}`"
          : `\`\\u{${hex}}\` is not a Unicode character`,
        i,
        stop,
      );
      const written = src.slice(i, stop);
      out.literal(written, i, stop, written);
      return stop;
    }
    out.literal(String.fromCodePoint(cp), i, stop, String.fromCodePoint(cp));
    return stop;
  }
  // An unknown escape: report it and keep what was written.
  const cp = src.codePointAt(i + 1)!;
  const stop = Math.min(e, i + 1 + (cp > 0xffff ? 2 : 1));
  const written = src.slice(i, stop);
  out.error(
    `\`${printable(written)}\` is not an escape this language knows: write \`\\\\\` for a backslash (the escapes are \\" \\\\ \\n \\t \\{ \\} and \\u{…})`,
    i,
    stop,
  );
  out.literal(written, i, stop, written);
  return stop;
}

/** A `{` at `i`: a placeholder, or an error and literal text. Returns where decoding goes on. */
function decodePlaceholder(src: string, i: number, e: number, out: TextBuilder): number {
  const wordAt = wordEnd(src, i + 1);
  const name = wordAt < 0 ? "" : src.slice(i + 1, Math.min(wordAt, e));
  const j = i + 1 + name.length;
  if (j < e && src.charCodeAt(j) === 125 /* } */) {
    if (name === "") {
      out.error(
        "empty placeholder `{}`: put an input name between the braces, like `{client_name}`, or write `\\{` for a brace",
        i,
        j + 1,
      );
      out.literal("{}", i, j + 1, "{}");
    } else if (startsWithDigit(name)) {
      out.error(
        `\`{${name}}\` is not a placeholder: an input name starts with a letter or \`_\``,
        i,
        j + 1,
      );
      out.literal(`{${name}}`, i, j + 1, `{${name}}`);
    } else {
      out.placeholder(name, i, j + 1);
    }
    return j + 1;
  }
  // Not `{name}`: is there a `}` before the next `{` on this text's line?
  let k = j;
  while (k < e) {
    const d = src.charCodeAt(k);
    if (d === 125 || d === 123) break;
    k++;
  }
  if (k < e && src.charCodeAt(k) === 125) {
    const written = src.slice(i, k + 1);
    out.error(
      `\`${printable(written)}\` is not a placeholder: the braces must hold exactly one input name, like \`{client_name}\` (write \`\\{\` for a literal brace)`,
      i,
      k + 1,
    );
    out.literal(written, i, k + 1, written);
    return k + 1;
  }
  out.error(
    "this `{` is never closed: write `{name}` to insert an input, or `\\{` for a literal brace",
    i,
    j,
  );
  out.literal("{", i, i + 1, "{");
  return i + 1;
}

/** Control characters shown as escapes, so a message never carries invisible text. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
}

// ---- accumulating parts ------------------------------------------------------------

class TextBuilder {
  readonly diagnostics: Diagnostic[] = [];
  raw = "";
  private readonly parts: TextPart[] = [];
  private value = "";
  private start = -1;
  private end = -1;

  constructor(private readonly src: string) {}

  literal(value: string, start: number, end: number, raw: string): void {
    if (this.start < 0) this.start = start;
    this.value += value;
    this.end = Math.max(this.end, Math.min(end, this.src.length));
    this.raw += raw;
  }

  placeholder(name: string, start: number, end: number): void {
    this.flush();
    this.parts.push({ kind: "Placeholder", name, span: { start, end } });
    this.raw += `{${name}}`;
  }

  error(message: string, start: number, end: number): void {
    const s = Math.max(0, Math.min(start, this.src.length));
    const e = Math.max(s, Math.min(end, this.src.length));
    this.diagnostics.push(diagnostic("invalid-string", message, { start: s, end: e }));
  }

  finish(): TextPart[] {
    this.flush();
    return this.parts;
  }

  private flush(): void {
    if (this.start < 0) return;
    const part: LiteralPart = {
      kind: "Literal",
      value: this.value,
      span: { start: this.start, end: Math.max(this.start, this.end) },
    };
    this.parts.push(part);
    this.value = "";
    this.start = -1;
    this.end = -1;
  }
}

