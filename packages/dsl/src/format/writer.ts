import type { Comment } from "../ast/types.js";

/**
 * The line writer behind the formatter. The printer hands it the file's
 * tokens in source order together with the layout wanted *before* each one
 * (same line, new line, blank line); the writer decides where the comments
 * that sat between two tokens go. Because tokens arrive in source order and
 * every comment before a token is taken when that token is written, each
 * comment is printed exactly once: none can be lost or duplicated.
 */

/** Blank-line policy: always one, one when the author had one (or more), none. */
export type Blank = "forced" | "author" | "never";

export interface LineGap {
  readonly kind: "line";
  /** Indentation level of the token's line. */
  readonly indent: number;
  /** Indentation level of own-line comments before the token (closers: the inner level). */
  readonly commentIndent?: number;
  /** Blank line before the first thing (comment or token) after the previous line. */
  readonly lead: Blank;
  /** Blank line before the token when no own-line comment precedes it (default: `lead`). */
  readonly tokenLead?: Blank;
  /** Blank line between the last own-line comment and the token. */
  readonly close: "author" | "never";
  /** May a block comment just before the token stay on its line? (Not for closers.) */
  readonly inlinePrefix?: boolean;
}

/** `space`: the token follows on the same line after one space; `none`: directly. */
export type Gap = { readonly kind: "space" } | { readonly kind: "none" } | LineGap;

export const SPACE: Gap = { kind: "space" };
export const NONE: Gap = { kind: "none" };

const INDENT = "  ";

export class Writer {
  private readonly lines: string[] = [];
  /** The output line being built, or null between lines. */
  private cur: string | null = null;
  private curIndent = 0;
  /** Source offset just after the last thing written (token or trailing comment). */
  private lastEnd = 0;
  private nextComment = 0;

  constructor(
    private readonly src: string,
    private readonly comments: readonly Comment[],
  ) {}

  /** Writes the token `text` that sits at [start, end) in the source. */
  token(start: number, end: number, text: string, gap: Gap): void {
    const pending = this.takeComments(start);
    if (gap.kind === "line" || this.cur === null) {
      this.newLine(pending, start, text, gap.kind === "line" ? gap : TOP);
    } else {
      let sep = gap.kind === "space" ? " " : "";
      for (const c of pending) {
        if (c.style === "block") {
          // A `/* */` comment between two tokens of one line stays where it was.
          this.cur += " " + c.value;
          sep = " ";
        } else {
          // A `//` comment cannot stay inside a line: it would swallow the rest.
          // It moves up to its own line just before the line it was in.
          this.lines.push(pad(this.curIndent) + c.value);
        }
      }
      this.cur += sep + text;
    }
    this.lastEnd = end;
  }

  /** Indentation level of the line being built. */
  currentIndent(): number {
    return this.curIndent;
  }

  /** Writes the comments left after the last token and returns the whole text. */
  finish(): string {
    const pending = this.takeComments(Infinity);
    this.newLine(pending, this.src.length, null, {
      kind: "line",
      indent: 0,
      lead: "author",
      close: "never",
      inlinePrefix: false,
    });
    if (this.lines.length === 0) return "";
    return this.lines.join("\n").replace(/\r\n/g, "\n") + "\n";
  }

  /** Takes the not yet written comments that start before `before`. */
  private takeComments(before: number): readonly Comment[] {
    const from = this.nextComment;
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.span.start < before) {
      this.nextComment++;
    }
    return from === this.nextComment ? NO_COMMENTS : this.comments.slice(from, this.nextComment);
  }

  private newLine(pending: readonly Comment[], start: number, text: string | null, gap: LineGap) {
    let i = 0;
    let from = this.lastEnd;
    if (this.cur !== null) {
      // Comments on the previous token's source line stay at the end of its line.
      while (i < pending.length && !this.hasNewline(from, pending[i]!.span.start)) {
        this.cur += " " + pending[i]!.value;
        from = pending[i]!.span.end;
        i++;
      }
      this.lines.push(this.cur);
      this.cur = null;
    }
    const commentIndent = gap.commentIndent ?? gap.indent;
    let prefix = "";
    let first = true;
    while (i < pending.length) {
      // A group: comments that shared one source line.
      const group = [pending[i]!.value];
      let groupEnd = pending[i]!.span.end;
      const groupStart = pending[i]!.span.start;
      i++;
      while (i < pending.length && !this.hasNewline(groupEnd, pending[i]!.span.start)) {
        group.push(pending[i]!.value);
        groupEnd = pending[i]!.span.end;
        i++;
      }
      this.blankLine(first ? gap.lead : "author", from, groupStart);
      first = false;
      from = groupEnd;
      const last = i === pending.length;
      if (last && text !== null && gap.inlinePrefix !== false && !this.hasNewline(groupEnd, start)) {
        // `/* note */ say "..."`: the comment stays in front of its token.
        prefix = group.join(" ") + " ";
      } else {
        this.lines.push(pad(commentIndent) + group.join(" "));
      }
    }
    if (text === null) return;
    if (first) this.blankLine(gap.tokenLead ?? gap.lead, from, start);
    else if (prefix === "") this.blankLine(gap.close, from, start);
    this.cur = pad(gap.indent) + prefix + text;
    this.curIndent = gap.indent;
  }

  private blankLine(policy: Blank, from: number, to: number): void {
    if (this.lines.length === 0) return; // never at the start of the file
    if (policy === "forced" || (policy === "author" && this.countNewlines(from, to) >= 2)) {
      this.lines.push("");
    }
  }

  /** A line break (`\n`, `\r\n` or a lone `\r`, which also ends a `//` comment) in [from, to)? */
  private hasNewline(from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      const c = this.src.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  /** Line breaks in [from, to), counting up to two (all a blank-line decision needs). */
  private countNewlines(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to && n < 2; i++) {
      const c = this.src.charCodeAt(i);
      if (c === 10 || (c === 13 && this.src.charCodeAt(i + 1) !== 10)) n++;
    }
    return n;
  }
}

/** Layout of the very first token of the file. */
const TOP: LineGap = { kind: "line", indent: 0, lead: "never", close: "author" };

const NO_COMMENTS: readonly Comment[] = [];
const pads: string[] = [];

function pad(level: number): string {
  // Cached: every line asks for one, and deep flows have long indents.
  let p = pads[level];
  if (p === undefined) {
    p = INDENT.repeat(level);
    pads[level] = p;
  }
  return p;
}

export function indentText(level: number): string {
  return pad(level);
}
