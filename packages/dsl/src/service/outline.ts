import type { CaseDecl, ElseDecl, OptionDecl, Statement, Text } from "../ast/types.js";
import type { Span } from "../diagnostics.js";
import { statementTexts } from "../index.js";
import type { FlowDocument } from "./document.js";
import { forEachStatement } from "./walk.js";
import { type LspDocumentSymbol, type LspFoldingRange, SymbolKind } from "./types.js";

/**
 * The outline: the inputs (a choice input with its values), the entry
 * (`start`) and each node, with their asks and each ask's options, their
 * matches and each match's cases (an ask or match inside an option's or a
 * case's body sits under that option or case). Built from whatever the parser recovered, so a file with a
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
      children: (input.values ?? [])
        .filter((v) => !v.id.missing)
        .map((v) => ({
          name: v.id.name,
          detail: v.label?.raw ?? "value",
          kind: SymbolKind.EnumMember,
          range: range(contained(v.span, input.span)),
          selectionRange: range(contained(v.id.span, input.span)),
          children: [],
        })),
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
  const branchSymbols = new Map<OptionDecl | CaseDecl | ElseDecl, LspDocumentSymbol>();
  forEachStatement(file, (stmt, place) => {
    if (stmt.kind !== "Ask" && stmt.kind !== "Match") return;
    const branch = place.option ?? place.arm;
    const parent = branch !== null ? branchSymbols.get(branch) : owners.get(place.owner);
    if (parent === undefined) return;
    if (stmt.kind === "Match") {
      const input = stmt.input.missing ? "" : stmt.input.name;
      const match: LspDocumentSymbol = {
        name: `match ${input}`,
        detail: doc.index.inputs.get(input)?.label?.raw ?? "match",
        kind: SymbolKind.Enum,
        range: range(stmt.span),
        selectionRange: range(contained(stmt.input.span, stmt.span)),
        children: [],
      };
      parent.children.push(match);
      const arms: (CaseDecl | ElseDecl)[] = [...stmt.cases];
      if (stmt.else !== null) arms.push(stmt.else);
      for (const arm of arms) {
        const values = arm.kind === "Case" ? arm.values.filter((v) => !v.missing).map((v) => v.name) : [];
        const symbol: LspDocumentSymbol = {
          name: arm.kind === "Else" ? "else" : values.length > 0 ? values.join(", ") : "case",
          detail: arm.target !== null ? `→ ${arm.target.name}` : arm.kind === "Else" ? "every other value" : "case",
          kind: SymbolKind.EnumMember,
          range: range(contained(arm.span, stmt.span)),
          selectionRange: range(contained(arm.kind === "Case" && arm.values.length > 0 ? spanOf(arm) : { start: arm.span.start, end: arm.span.start + 4 }, arm.span)),
          children: [],
        };
        match.children.push(symbol);
        branchSymbols.set(arm, symbol);
      }
      return;
    }
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
      branchSymbols.set(option, symbol);
    }
  });
  return out;
}

/** From a case's first value to its last. */
function spanOf(arm: CaseDecl): Span {
  return { start: arm.values[0]!.span.start, end: arm.values[arm.values.length - 1]!.span.end };
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
 * Folding: nodes, choice inputs, asks, option bodies, matches and case
 * bodies, ticket blocks, `"""` texts, block
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
  for (const input of file.inputs) if (input.values !== null) block(input.span);
  for (const node of file.nodes) block(node.span);
  forEachStatement(file, (stmt) => {
    for (const t of statementTexts(stmt)) triple(t);
    if (stmt.kind === "Ticket" && stmt.props !== null) block(stmt.span);
    if (stmt.kind === "Ask") {
      block(stmt.span);
      for (const option of stmt.options) if (option.body !== null) block(option.span);
    }
    if (stmt.kind === "Match") {
      block(stmt.span);
      for (const arm of [...stmt.cases, ...(stmt.else !== null ? [stmt.else] : [])]) {
        if (arm.body !== null) block(arm.span);
      }
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
