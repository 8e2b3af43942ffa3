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
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

/** Offset → line/column. Columns count code points, so a surrogate pair is one column. */
export function positionAt(source: SourceFile, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, source.text.length));
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= clamped) lo = mid;
    else hi = mid - 1;
  }
  const lineStart = starts[lo]!;
  let column = 1;
  for (let i = lineStart; i < clamped; i++) {
    const c = source.text.charCodeAt(i);
    // The low half of a surrogate pair does not start a new code point.
    if (c >= 0xdc00 && c <= 0xdfff && i > lineStart) {
      const prev = source.text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) continue;
    }
    column++;
  }
  return { line: lo + 1, column };
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
