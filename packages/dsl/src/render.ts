import type { Diagnostic, Span } from "./diagnostics.js";
import {
  lineText,
  positionAt,
  type Position,
  type SourceFile,
} from "./source.js";

/**
 * Diagnostic → text: a `file:line:column: severity[code]: message` header, a
 * code frame with a caret underline, the hint, how the place is reached, and
 * the related locations, each with its own frame. Pure: no I/O, colour is an
 * option (ANSI escapes), so the CLI, an editor or a test can all use it.
 *
 * Columns in the header count code points (like every column in flowc); the
 * underline is laid out in terminal cells, so wide (CJK, emoji) and combining
 * characters line up with the text above them.
 */
export interface RenderOptions {
  /** ANSI colours. Default false. */
  readonly color?: boolean;
  /** Show line numbers in the gutter. Default true. */
  readonly lineNumbers?: boolean;
  /** Lines of context shown before and after the underlined lines. Default 0. */
  readonly context?: number;
  /** Source lines wider than this many cells are cut around the underline (0: never). Default 160. */
  readonly maxWidth?: number;
  /** Cells per tab stop. Default 4. */
  readonly tabWidth?: number;
}

interface Options {
  readonly color: boolean;
  readonly lineNumbers: boolean;
  readonly context: number;
  readonly maxWidth: number;
  readonly tabWidth: number;
}

type Tone = "error" | "warning" | "note";

/** A span longer than this many lines shows its first and last lines with `...` between. */
const MAX_SPAN_LINES = 5;
const SHOWN_AT_EACH_END = 2;

export function formatDiagnostic(
  diagnostic: Diagnostic,
  source: SourceFile,
  options: RenderOptions = {},
): string {
  const o: Options = {
    color: options.color ?? false,
    lineNumbers: options.lineNumbers ?? true,
    context: Math.max(0, Math.floor(options.context ?? 0)),
    maxWidth: Math.max(0, Math.floor(options.maxWidth ?? 160)),
    tabWidth: Math.max(1, Math.floor(options.tabWidth ?? 4)),
  };
  const paint = painter(o.color);
  const tone: Tone = diagnostic.severity;

  const frames = [
    { range: rangeOf(source, diagnostic.span), tone },
    ...diagnostic.related.map((r) => ({
      range: rangeOf(source, r.span),
      tone: "note" as const,
    })),
  ];
  // One gutter width for the whole diagnostic so every frame lines up.
  let widest = 1;
  for (const f of frames) {
    widest = Math.max(
      widest,
      Math.min(source.lineStarts.length, f.range.end.line + o.context),
    );
  }
  const gutter = o.lineNumbers ? String(widest).length : 0;
  const margin = " ".repeat(gutter + 1);

  const out: string[] = [];
  const main = frames[0]!;
  out.push(
    header(
      paint,
      source.path,
      main.range.start,
      tone,
      `${tone}[${diagnostic.code}]`,
      diagnostic.message,
    ),
  );
  for (const l of frame(source, main.range, diagnostic.span, tone, o, gutter, paint)) out.push(l);
  if (diagnostic.hint !== undefined && diagnostic.hint !== "") {
    out.push(advice(paint, margin, "hint", diagnostic.hint));
  }
  if (diagnostic.reachedBy !== undefined) {
    const how =
      diagnostic.reachedBy.length === 0
        ? "right at the start, before any choice"
        : diagnostic.reachedBy.join(" → ");
    // The checker may already spell the path out in the message (JSON and
    // GitHub output carry only the message); do not say it twice.
    if (
      diagnostic.reachedBy.length === 0 ||
      !diagnostic.message.includes(how)
    ) {
      out.push(advice(paint, margin, "reached by", how));
    }
  }
  diagnostic.related.forEach((r, i) => {
    const f = frames[i + 1]!;
    out.push(
      header(paint, source.path, f.range.start, "note", "note", r.message),
    );
    for (const l of frame(source, f.range, r.span, "note", o, gutter, paint)) out.push(l);
  });
  return out.join("\n");
}

// ---------------------------------------------------------------------------
// Positions

interface Range {
  readonly start: Position;
  /** Exclusive end; on the same line as `start` or after it. */
  readonly end: Position;
}

function rangeOf(source: SourceFile, span: Span): Range {
  const start = positionAt(source, span.start);
  let end = positionAt(source, Math.max(span.start, span.end));
  // A span that takes in a line break ends at column 1 of the next line;
  // underline up to the end of the line it really ends on instead.
  if (end.line > start.line && end.column === 1) {
    // The line break before line `end.line` (offset lineStarts[end.line - 1] - 1), less a `\r`.
    let lineEnd = source.lineStarts[end.line - 1]! - 1;
    if (lineEnd > 0 && source.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    end = positionAt(source, lineEnd);
  }
  return { start, end };
}

// ---------------------------------------------------------------------------
// Text blocks

function header(
  paint: Painter,
  path: string,
  at: Position,
  tone: Tone,
  label: string,
  message: string,
): string {
  return `${paint.bold(`${path}:${at.line}:${at.column}:`)} ${paint.tone(tone, label)}: ${paint.bold(message)}`;
}

function advice(
  paint: Painter,
  margin: string,
  label: string,
  text: string,
): string {
  const lines = text.split("\n");
  const lead = `${margin}= ${label}: `;
  const rest = " ".repeat(lead.length);
  return lines
    .map((l, i) =>
      i === 0
        ? `${paint.gutter(`${margin}=`)} ${paint.tone("note", `${label}:`)} ${l}`
        : rest + l,
    )
    .join("\n");
}

/** The numbered source lines of a range, each underlined where the range covers it. */
function frame(
  source: SourceFile,
  range: Range,
  span: Span,
  tone: Tone,
  o: Options,
  gutter: number,
  paint: Painter,
): string[] {
  const lastLine = source.lineStarts.length;
  const from = Math.max(1, range.start.line - o.context);
  const to = Math.min(lastLine, range.end.line + o.context);
  const spanLines = range.end.line - range.start.line + 1;
  const elide = spanLines > MAX_SPAN_LINES;
  const out: string[] = [];
  for (let line = from; line <= to; line++) {
    if (elide && line === range.start.line + SHOWN_AT_EACH_END) {
      out.push(`${paint.gutter(`${" ".repeat(gutter)}...`)}`);
      line = range.end.line - SHOWN_AT_EACH_END;
      continue;
    }
    const piece = clip(source, line, range, span, o.maxWidth);
    const cells = toCells(piece.text, o.tabWidth);
    const mark = markedColumns(piece.range, line, cells);
    const window = fit(cells, mark, o.maxWidth);
    const before = window.before !== "" || piece.cutBefore ? "…" : "";
    const after = window.after !== "" || piece.cutAfter ? "…" : "";
    const number = o.lineNumbers ? String(line).padStart(gutter) : "";
    const shown = window.cells.map((c) => c.text).join("");
    out.push(
      trimEnd(
        `${paint.gutter(`${number} |`)} ${before}${shown}${after}`,
      ),
    );
    if (mark !== null) {
      const lo = Math.max(mark.from, window.from) - window.from;
      const hi = Math.min(mark.to, window.to) - window.from;
      const pad = width(window.cells.slice(0, lo)) + (before === "" ? 0 : 1);
      const carets = Math.max(1, width(window.cells.slice(lo, hi)));
      out.push(
        `${paint.gutter(`${" ".repeat(gutter)} |`)} ${" ".repeat(pad)}${paint.tone(tone, "^".repeat(carets))}`,
      );
    }
  }
  return out;
}

/**
 * The part of a line to lay out. A line far wider than `maxWidth` (a
 * minified or generated file, or 100,000 stray characters on one line) is
 * cut to a stretch of code units around where the underline starts before
 * it is measured: laying out the whole line for every diagnostic on it would
 * make rendering quadratic. `range` comes back with its columns on this line
 * counted from the start of the piece.
 */
function clip(
  source: SourceFile,
  line: number,
  range: Range,
  span: Span,
  maxWidth: number,
): { text: string; range: Range; cutBefore: boolean; cutAfter: boolean } {
  const text = lineText(source, line);
  if (maxWidth === 0 || text.length <= 4 * maxWidth) {
    return { text, range, cutBefore: false, cutAfter: false };
  }
  const lineStart = source.lineStarts[line - 1]!;
  // Lines after the first one of a range are underlined from their start.
  const focus =
    line === range.start.line
      ? Math.max(0, Math.min(text.length, span.start - lineStart))
      : 0;
  let from = Math.max(0, focus - maxWidth);
  let to = Math.min(text.length, focus + 2 * maxWidth);
  // Never cut a surrogate pair in half.
  if (from > 0 && isLowSurrogate(text, from) && isHighSurrogate(text, from - 1))
    from--;
  if (to < text.length && isLowSurrogate(text, to) && isHighSurrogate(text, to - 1))
    to++;
  const shift = positionAt(source, lineStart + from).column - 1;
  const move = (p: Position): Position =>
    p.line === line ? { line, column: Math.max(1, p.column - shift) } : p;
  return {
    text: text.slice(from, to),
    range: { start: move(range.start), end: move(range.end) },
    cutBefore: from > 0,
    cutAfter: to < text.length,
  };
}

function isHighSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Which code points of `line` (0-based indices into its cells) the range
 * underlines, or null when it underlines nothing there (a blank line inside a
 * multi-line range, or a context line).
 */
function markedColumns(
  range: Range,
  line: number,
  cells: readonly Cell[],
): { from: number; to: number } | null {
  if (line < range.start.line || line > range.end.line) return null;
  const first = range.start.line === range.end.line;
  if (first) {
    const from = Math.min(range.start.column - 1, cells.length);
    return {
      from,
      to: Math.max(from, Math.min(range.end.column - 1, cells.length)),
    };
  }
  // Inside a multi-line range: from the first non-blank character, so
  // indentation is not underlined, to where the range stops on that line.
  let from = 0;
  if (line === range.start.line)
    from = Math.min(range.start.column - 1, cells.length);
  else while (from < cells.length && /^\s+$/.test(cells[from]!.text)) from++;
  const to =
    line === range.end.line
      ? Math.min(range.end.column - 1, cells.length)
      : cells.length;
  if (to <= from) return line === range.start.line ? { from, to: from } : null;
  return { from, to };
}

// ---------------------------------------------------------------------------
// Terminal cells

interface Cell {
  /** What is printed for this code point (tabs expanded, controls made visible). */
  readonly text: string;
  /** Terminal cells it takes: 0 for combining marks, 2 for wide characters. */
  readonly width: number;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;
/** Bidirectional controls would reorder the printed line: show them instead. */
const BIDI = /^[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u;

function toCells(text: string, tabWidth: number): Cell[] {
  const cells: Cell[] = [];
  let column = 0;
  let joined = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let cell: Cell;
    if (cp === 9) {
      const n = tabWidth - (column % tabWidth);
      cell = { text: " ".repeat(n), width: n };
    } else if (cp < 0x20 || cp === 0x7f) {
      // Control characters become their visible "control picture" (␀ ␍ …).
      cell = {
        text: String.fromCodePoint(cp === 0x7f ? 0x2421 : 0x2400 + cp),
        width: 1,
      };
    } else if (BIDI.test(ch)) {
      cell = { text: "\ufffd", width: 1 };
    } else if (joined || ZERO_WIDTH.test(ch)) {
      // Combining marks, and the emoji after a zero-width joiner, draw on top
      // of the character before them.
      cell = { text: ch, width: 0 };
    } else {
      cell = { text: ch, width: isWide(cp, ch) ? 2 : 1 };
    }
    joined = cp === 0x200d;
    column += cell.width;
    cells.push(cell);
  }
  return cells;
}

function isWide(cp: number, ch: string): boolean {
  if (cp < 0x1100) return false;
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    EMOJI.test(ch)
  );
}

function width(cells: readonly Cell[]): number {
  let w = 0;
  for (const c of cells) w += c.width;
  return w;
}

interface Window {
  readonly cells: readonly Cell[];
  /** Index of the first shown cell in the whole line. */
  readonly from: number;
  readonly to: number;
  readonly before: string;
  readonly after: string;
}

/** Cut a too-wide line to `maxWidth` cells around the underline, marking the cuts with `…`. */
function fit(
  cells: readonly Cell[],
  mark: { from: number; to: number } | null,
  maxWidth: number,
): Window {
  if (maxWidth === 0 || width(cells) <= maxWidth) {
    return { cells, from: 0, to: cells.length, before: "", after: "" };
  }
  const budget = Math.max(8, maxWidth - 2);
  // Keep a little text before the underline so the reader sees where it is.
  const anchor = mark === null ? 0 : mark.from;
  let from = anchor;
  let used = 0;
  const lead = Math.floor(budget / 4);
  while (from > 0 && used + cells[from - 1]!.width <= lead)
    used += cells[--from]!.width;
  let to = from;
  used = 0;
  while (to < cells.length && used + cells[to]!.width <= budget)
    used += cells[to++]!.width;
  // Spend what is left on text before the window when the line ends early.
  while (from > 0 && used + cells[from - 1]!.width <= budget)
    used += cells[--from]!.width;
  return {
    cells: cells.slice(from, to),
    from,
    to,
    before: from > 0 ? "…" : "",
    after: to < cells.length ? "…" : "",
  };
}

function trimEnd(line: string): string {
  return line.replace(/[ \t]+$/, "");
}

// ---------------------------------------------------------------------------
// Colour

interface Painter {
  bold(text: string): string;
  gutter(text: string): string;
  tone(tone: Tone, text: string): string;
}

const TONES: Record<Tone, string> = {
  error: "\x1b[1;31m",
  warning: "\x1b[1;33m",
  note: "\x1b[1;36m",
};
const RESET = "\x1b[0m";

function painter(color: boolean): Painter {
  if (!color) return { bold: (t) => t, gutter: (t) => t, tone: (_, t) => t };
  return {
    bold: (t) => `\x1b[1m${t}${RESET}`,
    gutter: (t) => `\x1b[34m${t}${RESET}`,
    tone: (tone, t) => `${TONES[tone]}${t}${RESET}`,
  };
}
