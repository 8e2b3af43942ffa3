import { diffLines, format } from "../index.js";
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
  let hunks = hunksOf(oldLines, newLines);
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

/**
 * The changed runs of the line diff as hunks; past the diff's limit of
 * differences, one hunk that replaces the whole text.
 */
function hunksOf(a: readonly string[], b: readonly string[]): Hunk[] {
  const ops = diffLines(a, b);
  if (ops === null) return [{ oldStart: 0, oldEnd: a.length, newStart: 0, newEnd: b.length }];
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k < ops.length; ) {
    if (ops[k]!.kind === " ") {
      i++;
      j++;
      k++;
      continue;
    }
    const oldStart = i;
    const newStart = j;
    for (; k < ops.length && ops[k]!.kind !== " "; k++) {
      if (ops[k]!.kind === "-") i++;
      else j++;
    }
    hunks.push({ oldStart, oldEnd: i, newStart, newEnd: j });
  }
  return hunks;
}
