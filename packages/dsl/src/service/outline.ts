import type { OptionDecl, Statement, Text } from "../ast/types.js";
import type { Span } from "../diagnostics.js";
import { statementTexts } from "../index.js";
import type { FlowDocument } from "./document.js";
import { forEachStatement } from "./walk.js";
import { type LspDocumentSymbol, type LspFoldingRange, SymbolKind } from "./types.js";

/**
 * The outline: the inputs, the entry (`start`) and each node, with their
 * asks and each ask's options (an ask inside an option's body sits under
 * that option). Built from whatever the parser recovered, so a file with a
 * syntax error still has an outline of its intact parts.
 */
export function documentSymbols(doc: FlowDocument): LspDocumentSymbol[] {
  const file = doc.result.file;
  const range = (span: Span) => doc.positions.range(span);
  const out: LspDocumentSymbol[] = [];
  for (const input of file.inputs) {
    if (input.id.missing) continue;
    out.push({
      name: input.id.name,
      detail: input.label?.raw ?? "input",
      kind: SymbolKind.Variable,
      range: range(input.span),
      selectionRange: range(input.id.span),
      children: [],
    });
  }
  const owners = new Map<string, LspDocumentSymbol>();
  // The entry runs from the `flow` line (its name is what the outline selects) to its last statement.
  const header = file.header;
  const listed = listSpan(file.entry);
  const entrySpan = listed !== undefined ? { start: header?.span.start ?? listed.start, end: listed.end } : header?.span;
  if (entrySpan !== undefined) {
    const start: LspDocumentSymbol = {
      name: "start",
      detail: header?.title?.raw ?? "the entry",
      kind: SymbolKind.Namespace,
      range: range(entrySpan),
      selectionRange: range(contained(header?.id.span ?? entrySpan, entrySpan)),
      children: [],
    };
    owners.set("start", start);
    out.push(start);
  }
  for (const node of file.nodes) {
    const symbol: LspDocumentSymbol = {
      name: node.id.missing ? "(node)" : node.id.name,
      detail: "node",
      kind: SymbolKind.Function,
      range: range(node.span),
      selectionRange: range(node.id.span),
      children: [],
    };
    out.push(symbol);
    if (!owners.has(symbol.name)) owners.set(symbol.name, symbol);
  }
  const askIds = new Map(doc.index.asks.map((a) => [a.decl, a.id]));
  const optionSymbols = new Map<OptionDecl, LspDocumentSymbol>();
  forEachStatement(file, (stmt, place) => {
    if (stmt.kind !== "Ask") return;
    const parent = place.option !== null ? optionSymbols.get(place.option) : owners.get(place.owner);
    if (parent === undefined) return;
    const head = stmt.id ?? stmt.text;
    const ask: LspDocumentSymbol = {
      name: askIds.get(stmt) ?? stmt.id?.name ?? "ask",
      detail: stmt.text.raw,
      kind: SymbolKind.Enum,
      range: range(stmt.span),
      selectionRange: range(contained(head.span, stmt.span)),
      children: [],
    };
    parent.children.push(ask);
    for (const option of stmt.options) {
      const key = option.id !== null && !option.id.missing ? option.id.name : option.label.raw;
      const symbol: LspDocumentSymbol = {
        name: key === "" ? "option" : key,
        detail: option.target !== null ? `${option.label.raw} → ${option.target.name}` : option.label.raw,
        kind: SymbolKind.EnumMember,
        range: range(option.span),
        selectionRange: range(contained((option.id ?? option.label).span, option.span)),
        children: [],
      };
      ask.children.push(symbol);
      optionSymbols.set(option, symbol);
    }
  });
  return out;
}

function listSpan(list: readonly Statement[]): Span | undefined {
  const first = list[0];
  const last = list[list.length - 1];
  return first === undefined || last === undefined ? undefined : { start: first.span.start, end: last.span.end };
}

/** A selection range must lie inside its symbol's range, even where recovery made odd spans. */
function contained(inner: Span, outer: Span): Span {
  if (inner.start >= outer.start && inner.end <= outer.end) return inner;
  return { start: outer.start, end: outer.start };
}

/**
 * Folding: nodes, asks, option bodies, ticket blocks, `"""` texts, block
 * comments and runs of line comments. A block folds up to the line before
 * its closing `}`, so the brace stays in sight.
 */
export function foldingRanges(doc: FlowDocument): LspFoldingRange[] {
  const file = doc.result.file;
  const text = doc.result.source.text;
  const out: LspFoldingRange[] = [];
  const line = (offset: number) => doc.positions.position(offset).line;
  const block = (span: Span) => {
    const start = line(span.start);
    let end = line(Math.max(span.start, span.end - 1));
    if (text.charCodeAt(span.end - 1) === 125) end--;
    if (end > start) out.push({ startLine: start, endLine: end });
  };
  const triple = (t: Text) => {
    if (!t.triple) return;
    const start = line(t.span.start);
    const end = line(t.span.end);
    if (end > start) out.push({ startLine: start, endLine: end });
  };
  for (const node of file.nodes) block(node.span);
  forEachStatement(file, (stmt) => {
    for (const t of statementTexts(stmt)) triple(t);
    if (stmt.kind === "Ticket" && stmt.props !== null) block(stmt.span);
    if (stmt.kind === "Ask") {
      block(stmt.span);
      for (const option of stmt.options) if (option.body !== null) block(option.span);
    }
  });
  let run: { start: number; end: number } | null = null;
  const flush = () => {
    if (run !== null && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: "comment" });
    run = null;
  };
  for (const comment of file.comments) {
    const start = line(comment.span.start);
    const end = line(comment.span.end);
    if (comment.style === "block") {
      flush();
      if (end > start) out.push({ startLine: start, endLine: end, kind: "comment" });
      continue;
    }
    if (run !== null && start === run.end + 1) run.end = start;
    else {
      flush();
      run = { start, end: start };
    }
  }
  flush();
  out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return out;
}
