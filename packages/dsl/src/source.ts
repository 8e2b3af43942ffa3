import { countBelow } from "./sorted.js";

/** A source file as the compiler sees it: BOM stripped, NFC-normalised. */
export interface SourceFile {
  readonly path: string;
  /** The normalised text; every span is a UTF-16 offset into it. */
  readonly text: string;
  /** UTF-16 offset at which each line starts (line 1 is index 0). */
  readonly lineStarts: readonly number[];
}

/** 1-based line, 1-based column counted in Unicode code points. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export function createSource(path: string, rawText: string): SourceFile {
  let text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  text = text.normalize("NFC");
  // Found on first use: only positions need them, and a clean file has none to show.
  let lineStarts: number[] | undefined;
  return {
    path,
    text,
    get lineStarts() {
      return (lineStarts ??= findLineStarts(text));
    },
  };
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  // indexOf runs natively: several times faster than a loop over every character.
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** Offset → line/column. Columns count code points, so a surrogate pair is one column. */
export function positionAt(source: SourceFile, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, source.text.length));
  const starts = source.lineStarts;
  // The last line starting at or before the offset (the first starts at 0).
  const line = countBelow(starts.length, (i) => starts[i]!, clamped + 1) - 1;
  const lineStart = starts[line]!;
  // Code units minus the second halves of surrogate pairs in between. Found
  // from a table rather than by walking the line, so a file with thousands
  // of diagnostics on one very long line stays linear.
  const pairs = pairEnds(source);
  const pairsBelow = (offset: number) => countBelow(pairs.length, (i) => pairs[i]!, offset);
  const column = clamped - lineStart + 1 - (pairsBelow(clamped) - pairsBelow(lineStart));
  return { line: line + 1, column };
}

const NO_PAIRS = new Int32Array(0);
const pairTables = new WeakMap<SourceFile, Int32Array>();

/** Offsets of the low halves of the text's surrogate pairs, ascending (computed once per source). */
function pairEnds(source: SourceFile): Int32Array {
  let table = pairTables.get(source);
  if (table === undefined) {
    const text = source.text;
    const found: number[] = [];
    if (/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) {
      for (let i = 1; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff) {
          const prev = text.charCodeAt(i - 1);
          if (prev >= 0xd800 && prev <= 0xdbff) found.push(i);
        }
      }
    }
    table = found.length === 0 ? NO_PAIRS : Int32Array.from(found);
    pairTables.set(source, table);
  }
  return table;
}

/** The text of one line (1-based), without its line break. */
export function lineText(source: SourceFile, line: number): string {
  const start = source.lineStarts[line - 1];
  if (start === undefined) return "";
  const next = source.lineStarts[line];
  let end = next === undefined ? source.text.length : next - 1;
  if (end > start && source.text.charCodeAt(end - 1) === 13) end--;
  return source.text.slice(start, end);
}
