import type { FlowDocument } from "./document.js";
import { wordAround } from "./cursor.js";
import { FORMAT_LINE_WIDTH } from "../index.js";
import { matchAt } from "./occurrences.js";
import { straightenLookalikes } from "./lookalikes.js";
import type { LspCodeAction, LspDiagnostic, LspRange, LspTextEdit } from "./types.js";

/** A diagnostic as the editor sends it back with a code-action request (data may be missing). */
export type ContextDiagnostic = Pick<LspDiagnostic, "range" | "message"> & {
  readonly code?: string | number;
  readonly data?: unknown;
};

/**
 * Quick fixes for the diagnostics in `range`: apply a did-you-mean, replace
 * look-alike letters of another alphabet, create a missing node with a
 * `todo` stub, remove an unreachable node, add the cases a `match` misses
 * (each with a `todo` stub), straighten «…», “…” or '…' quotes into "…". Each fix is offered once even when several diagnostics
 * point at the same slip.
 */
export function codeActions(
  doc: FlowDocument,
  range: LspRange,
  context: readonly ContextDiagnostic[],
): LspCodeAction[] {
  const list: readonly ContextDiagnostic[] =
    context.length > 0 ? context : ownDiagnosticsIn(doc, range);
  const actions: LspCodeAction[] = [];
  const seen = new Set<string>();
  const add = (title: string, edits: LspTextEdit[], d: ContextDiagnostic, preferred = false) => {
    // The same edit under two names (a look-alike letter that a did-you-mean also fixes): offer it once.
    const key = JSON.stringify(edits);
    if (edits.length === 0 || seen.has(key)) return;
    seen.add(key);
    actions.push({
      title,
      kind: "quickfix",
      diagnostics: [d as LspDiagnostic],
      ...(preferred ? { isPreferred: true } : {}),
      edit: { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] },
    });
  };
  for (const d of list) {
    const found = textIn(doc, d.range);
    lookalikeFix(doc, d, add);
    const suggestion = didYouMean(d);
    if (suggestion !== null && found !== suggestion && NAME_OR_PLACEHOLDER.test(found)) {
      add(`Change \`${found}\` to \`${suggestion}\``, [{ range: d.range, newText: suggestion }], d, true);
    }
    if (d.code === "undefined-target" && /^[\p{L}\p{N}_]+$/u.test(found)) {
      add(`Create node \`${found}\``, [createNode(doc, found)], d);
    }
    if (d.code === "non-exhaustive-match") {
      const missing = missingCases(doc, d.range);
      if (missing !== null) {
        const list = missing.values.map((v) => `\`${v}\``).join(", ");
        add(`Add the missing case${missing.values.length === 1 ? "" : "s"}: ${list}`, [missing.edit], d, true);
      }
    }
    if (d.code === "unreachable-node") {
      const edit = removeNode(doc, d.range);
      if (edit !== null) add(`Remove the unreachable node \`${found}\``, [edit], d);
    }
    const quotes = straightQuotes(doc, d.range.start.line);
    if (quotes.length > 0) {
      add(`Straighten the quotes into "…"`, quotes, d, suggestion === null);
    }
  }
  return actions;
}

/** A name, or a `{name}` placeholder: what a did-you-mean replaces. */
const NAME_OR_PLACEHOLDER = /^(?:[\p{L}\p{N}_]+|\{[\p{L}\p{N}_]+\})$/u;

function ownDiagnosticsIn(doc: FlowDocument, range: LspRange): ContextDiagnostic[] {
  const from = doc.positions.offset(range.start);
  const to = doc.positions.offset(range.end);
  return doc.result.diagnostics
    .filter((d) => d.span.start <= to && d.span.end >= from)
    .map((d) => ({
      range: doc.positions.range(d.span),
      message: d.hint !== undefined ? `${d.message}\nhint: ${d.hint}` : d.message,
      code: d.code,
      ...(d.hint !== undefined ? { data: { hint: d.hint } } : {}),
    }));
}

function textIn(doc: FlowDocument, range: LspRange): string {
  return doc.result.source.text.slice(doc.positions.offset(range.start), doc.positions.offset(range.end));
}

/** The name a message or hint suggests: "did you mean `x`?". */
function didYouMean(d: ContextDiagnostic): string | null {
  const data = d.data as { hint?: unknown } | undefined;
  const hint = typeof data?.hint === "string" ? data.hint : "";
  const m = /did you mean `([^`]+)`\?/.exec(`${d.message}\n${hint}`);
  return m === null ? null : m[1]!;
}

function lookalikeFix(
  doc: FlowDocument,
  d: ContextDiagnostic,
  add: (title: string, edits: LspTextEdit[], d: ContextDiagnostic, preferred?: boolean) => void,
): void {
  const text = doc.result.source.text;
  const from = doc.positions.offset(d.range.start);
  const to = Math.max(from, doc.positions.offset(d.range.end));
  // Every word the diagnostic covers (or touches, for a zero-width range).
  for (let at = from; at <= to; ) {
    const w = wordAround(text, at);
    if (w.end > w.start) {
      const word = text.slice(w.start, w.end);
      const fixed = straightenLookalikes(word);
      if (fixed !== null) {
        const range = doc.positions.range(w);
        add(`Replace look-alike letters: \`${word}\` → \`${fixed}\``, [{ range, newText: fixed }], d, true);
      }
      at = w.end + 1;
    } else at++;
  }
}

/** `node name { todo "…" }` at the end of the file. */
function createNode(doc: FlowDocument, name: string): LspTextEdit {
  const end = doc.positions.wholeRange().end;
  const lead = doc.text.length === 0 || doc.text.endsWith("\n") ? "\n" : "\n\n";
  return {
    range: { start: end, end },
    newText: `${lead}node ${name} {\n  todo "Write what happens in ${name}"\n}\n`,
  };
}

/** The whole node whose name the diagnostic points at, with its lines and one blank line after it. */
function removeNode(doc: FlowDocument, range: LspRange): LspTextEdit | null {
  const offset = doc.positions.offset(range.start);
  const node = doc.result.file.nodes.find((n) => n.id.span.start === offset);
  if (node === undefined) return null;
  const startLine = doc.positions.position(node.span.start).line;
  let endLine = doc.positions.position(node.span.end).line + 1;
  const lines = doc.positions.lineCount;
  const blank = (line: number) =>
    line < lines &&
    doc.result.source.text.slice(doc.positions.offset({ line, character: 0 }), doc.positions.lineEnd(line)).trim() === "";
  let from = startLine;
  if (blank(endLine)) endLine++;
  // The last node of the file: take the blank line before it instead, so the file still ends with one line break.
  else if (endLine >= lines - 1 && from > 0 && blank(from - 1)) from--;
  if (endLine >= lines && from > 0 && blank(from - 1)) from--;
  const end = endLine < lines ? { line: endLine, character: 0 } : doc.positions.wholeRange().end;
  return { range: { start: { line: from, character: 0 }, end }, newText: "" };
}

/**
 * A `case <value> { todo "…" }` line for each value of the matched input
 * that no case names, in the order the input lists them, inserted before the
 * match's closing brace in the formatter's layout.
 */
function missingCases(doc: FlowDocument, range: LspRange): { values: string[]; edit: LspTextEdit } | null {
  const text = doc.result.source.text;
  const match = matchAt(doc.index, doc.positions.offset(range.start));
  if (match === undefined || match.else !== null || match.input.missing) return null;
  const input = match.input.name;
  const declared = doc.index.inputs.get(input)?.values;
  if (declared == null) return null;
  const named = new Set(match.cases.flatMap((c) => c.values.map((v) => v.name)));
  const values: string[] = [];
  for (const v of declared) {
    if (v.id.missing || named.has(v.id.name)) continue;
    named.add(v.id.name);
    values.push(v.id.name);
  }
  const close = match.span.end - 1;
  if (values.length === 0 || text.charCodeAt(close) !== 125) return null;
  const lineStart = (offset: number) => {
    let i = offset;
    while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
    return i;
  };
  const closeLine = lineStart(close);
  const ownLine = /^[ \t]*$/.test(text.slice(closeLine, close));
  const matchLine = lineStart(match.span.start);
  const indent = /^[ \t]*/.exec(text.slice(matchLine, match.span.start))![0];
  const caseIndent = `${indent}  `;
  const lines = values.map((v) => {
    const todo = `todo "Write what happens when ${input} is ${v}"`;
    const one = `${caseIndent}case ${v} { ${todo} }`;
    return [...one].length <= FORMAT_LINE_WIDTH ? one : `${caseIndent}case ${v} {\n${caseIndent}  ${todo}\n${caseIndent}}`;
  });
  const edit: LspTextEdit = ownLine
    ? { range: doc.positions.range({ start: closeLine, end: closeLine }), newText: `${lines.join("\n")}\n` }
    : { range: doc.positions.range({ start: trimmedEnd(text, close), end: close }), newText: `\n${lines.join("\n")}\n${indent}` };
  return { values, edit };
}

/** Where the spaces and tabs before `offset` start (a line must not end in them). */
function trimmedEnd(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i;
}

const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  "«": "»",
  "“": "”",
  "„": "“”",
  "‘": "’",
  "‚": "‘’",
  "'": "'",
  "»": "«",
};

/** Each «…», “…”, „…“, ‘…’ or '…' outside a "…" text on the line, rewritten as "…". */
function straightQuotes(doc: FlowDocument, line: number): LspTextEdit[] {
  const text = doc.result.source.text;
  const start = doc.positions.offset({ line, character: 0 });
  const end = doc.positions.lineEnd(line);
  const edits: LspTextEdit[] = [];
  for (let i = start; i < end; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      // Skip a straight text: its own quotes are fine and its apostrophes are words.
      for (i++; i < end && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      continue;
    }
    if (ch === "/" && text[i + 1] === "/") break;
    const closers = QUOTE_PAIRS[ch];
    if (closers === undefined) continue;
    let close = -1;
    for (let k = i + 1; k < end; k++) {
      if (closers.includes(text[k]!)) {
        close = k;
        break;
      }
    }
    if (close < 0) continue;
    const inner = text.slice(i + 1, close).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    edits.push({ range: doc.positions.range({ start: i, end: close + 1 }), newText: `"${inner}"` });
    i = close;
  }
  return edits;
}
