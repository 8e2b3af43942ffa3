import { format } from "../index.js";
import type { FlowDocument } from "./document.js";
import type { LspPosition, LspRange, LspTextEdit } from "./types.js";

/**
 * Formatting with the project's formatter (the same as `flowc fmt`). The
 * formatter works on whole files, so the answer is the line-by-line
 * difference between the text and its formatted form: an editor keeps its
 * cursor and folds where nothing changed. A file with syntax errors is not
 * formatted (no edits), as `flowc fmt` leaves it alone.
 */
export function formatDocument(doc: FlowDocument): LspTextEdit[] {
  return formattingEdits(doc, null);
}

/** Range formatting: the changes of the whole-file formatting that touch the lines of `range`. */
export function formatRange(doc: FlowDocument, range: LspRange): LspTextEdit[] {
  return formattingEdits(doc, range);
}

function formattingEdits(doc: FlowDocument, range: LspRange | null): LspTextEdit[] {
  const formatted = format(doc.text, doc.uri).text;
  if (formatted === null || formatted === doc.text) return [];
  if (doc.text !== doc.result.source.text) {
    // A byte-order mark or a decomposed letter: line numbers agree, characters may not.
    return range === null ? [{ range: doc.positions.wholeRange(), newText: formatted }] : [];
  }
  const oldLines = splitLines(doc.text);
  const newLines = splitLines(formatted);
  let hunks = diffLines(oldLines, newLines);
  if (range !== null) {
    hunks = selfContained(hunks, oldLines, newLines).filter(
      (h) => h.oldEnd >= range.start.line && h.oldStart <= range.end.line,
    );
  }
  const end = doc.positions.wholeRange().end;
  const at = (line: number): LspPosition => (line < oldLines.length ? { line, character: 0 } : end);
  return hunks.map((h) => ({
    range: { start: at(h.oldStart), end: at(h.oldEnd) },
    newText: newLines.slice(h.newStart, h.newEnd).join(""),
  }));
}

/**
 * Hunks merged until each one keeps the text's content (everything but
 * whitespace): the line diff may pair a moved line with a blank one, and
 * applying only half of such a pair would drop or double the line.
 */
function selfContained(hunks: readonly Hunk[], a: readonly string[], b: readonly string[]): Hunk[] {
  const content = (lines: readonly string[], from: number, to: number) => lines.slice(from, to).join("").replace(/\s+/g, "");
  const out: Hunk[] = [];
  let open: Hunk | null = null;
  for (const h of hunks) {
    open = open === null ? h : { oldStart: open.oldStart, oldEnd: h.oldEnd, newStart: open.newStart, newEnd: h.newEnd };
    if (content(a, open.oldStart, open.oldEnd) === content(b, open.newStart, open.newEnd)) {
      out.push(open);
      open = null;
    }
  }
  if (open !== null) out.push(open);
  return out;
}

/** Lines with their line breaks, so that joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface Hunk {
  /** Old lines [oldStart, oldEnd) are replaced by new lines [newStart, newEnd). */
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/** Past this many line pairs in the changed middle, one hunk replaces it whole (LCS needs their product in memory). */
const MAX_LCS_CELLS = 4_000_000;

function diffLines(a: readonly string[], b: readonly string[]): Hunk[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const m = a.length - prefix - suffix;
  const n = b.length - prefix - suffix;
  if (m === 0 && n === 0) return [];
  if (m * n > MAX_LCS_CELLS || m === 0 || n === 0) {
    return [{ oldStart: prefix, oldEnd: prefix + m, newStart: prefix, newEnd: prefix + n }];
  }
  // Longest common subsequence of the middle lines, filled from the end.
  const w = n + 1;
  const table = new Int32Array((m + 1) * w);
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      table[i * w + j] =
        a[prefix + i] === b[prefix + j]
          ? table[(i + 1) * w + j + 1]! + 1
          : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
    }
  }
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: { oldStart: number; newStart: number } | null = null;
  const close = () => {
    if (open !== null) {
      hunks.push({ oldStart: prefix + open.oldStart, oldEnd: prefix + i, newStart: prefix + open.newStart, newEnd: prefix + j });
    }
    open = null;
  };
  while (i < m || j < n) {
    if (i < m && j < n && a[prefix + i] === b[prefix + j]) {
      close();
      i++;
      j++;
    } else if (j < n && (i === m || table[i * w + j + 1]! >= table[(i + 1) * w + j]!)) {
      open ??= { oldStart: i, newStart: j };
      j++;
    } else {
      open ??= { oldStart: i, newStart: j };
      i++;
    }
  }
  close();
  return hunks;
}
