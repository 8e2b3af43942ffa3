import type { SourceFile } from "../source.js";
import { check, type CheckResult } from "../index.js";
import { buildIndex, type SymbolIndex } from "./occurrences.js";
import type { LspPosition, LspRange } from "./types.js";
import type { Span } from "../diagnostics.js";

/**
 * One version of one open document, checked once: every feature of the
 * service reads this instead of parsing again. Made by `analyze`.
 */
export interface FlowDocument {
  readonly uri: string;
  /** The editor's version of the text (null when unknown). */
  readonly version: number | null;
  /** The text exactly as the editor has it. */
  readonly text: string;
  /** What `flowc check` reports for the text, and the AST and graph it built. */
  readonly result: CheckResult;
  readonly index: SymbolIndex;
  /** Span offsets (into the normalised text) → editor positions, and back. */
  readonly positions: PositionMap;
}

/** How `analyze` checks a text (`check` unless told): `path` is the name `flowc check` would show. */
export type CheckText = (text: string, path: string) => CheckResult;

/**
 * `checkText`: how the text is checked (default `check`); a host that also
 * checks the same texts for itself can pass one that reuses its results.
 */
export function analyze(
  text: string,
  uri = "untitled:flow",
  version: number | null = null,
  checkText: CheckText = check,
): FlowDocument {
  const result = checkText(text, pathOf(uri));
  // Made on the first question that needs names: publishing diagnostics after a keystroke does not.
  let index: SymbolIndex | undefined;
  return {
    uri,
    version,
    text,
    result,
    get index() {
      return (index ??= buildIndex(result.file, result.graph));
    },
    positions: new PositionMap(text, result.source),
  };
}

/** The file name `flowc check` would show (used in "try it: flowc run <file>" hints). */
function pathOf(uri: string): string {
  const slash = uri.lastIndexOf("/");
  const name = slash >= 0 ? uri.slice(slash + 1) : uri;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Spans are offsets into the compiler's text, which is the editor's text
 * without a leading byte-order mark and normalised to NFC. Editors count
 * positions in UTF-16 units of their own text: a BOM shifts the first line
 * by one, which is accounted for. NFC only changes text that was typed
 * decomposed (rare: keyboards and pasting give composed letters); there a
 * position can be off by a letter within its line, never on the wrong line.
 */
export class PositionMap {
  private readonly bom: number;

  constructor(
    private readonly editorText: string,
    private readonly source: SourceFile,
  ) {
    this.bom = editorText.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  get lineCount(): number {
    return this.source.lineStarts.length;
  }

  position(offset: number): LspPosition {
    const text = this.source.text;
    const clamped = Math.max(0, Math.min(offset, text.length));
    const starts = this.source.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const character = clamped - starts[lo]! + (lo === 0 ? this.bom : 0);
    return { line: lo, character };
  }

  range(span: Span): LspRange {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  /** An editor position → an offset; a position past a line's end or the file's end is clamped. */
  offset(position: LspPosition): number {
    const starts = this.source.lineStarts;
    const text = this.source.text;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return text.length;
    const start = starts[position.line]!;
    const end = this.lineEnd(position.line);
    const character = Math.max(0, position.character - (position.line === 0 ? this.bom : 0));
    return Math.min(start + character, end);
  }

  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    const starts = this.source.lineStarts;
    const text = this.source.text;
    const next = starts[line + 1];
    let end = next === undefined ? text.length : next - 1;
    if (end > starts[line]! && text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The range of the whole editor text (for whole-document edits). */
  wholeRange(): LspRange {
    const lines = this.editorText.split("\n");
    const last = lines[lines.length - 1]!;
    return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: last.length } };
  }
}
