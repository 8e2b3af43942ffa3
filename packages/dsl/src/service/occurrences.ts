import type {
  AskStatement,
  FlowFile,
  InputDecl,
  MatchStatement,
  NodeDecl,
  OptionDecl,
  Text,
  ValueDecl,
} from "../ast/types.js";
import type { Span } from "../diagnostics.js";
import { type FlowGraph, type GraphAsk, statementTexts } from "../index.js";
import { forEachStatement } from "./walk.js";

/**
 * Every name in a file that the service can point at: where nodes, inputs,
 * choice values and explicit ask/option ids are declared, and where nodes
 * (`-> x`), inputs (`{x}` in a text, `match x`) and values (`case a, b`) are
 * used. The one place the service reads names out of the AST.
 */
export type OccurrenceKind = "node" | "start" | "input" | "value" | "ask" | "option";

export interface Occurrence {
  readonly kind: OccurrenceKind;
  readonly name: string;
  /** For a value: the input it belongs to (values of two inputs may share a name). */
  readonly input?: string;
  /** The name itself (for a placeholder: without its braces). */
  readonly span: Span;
  readonly isDecl: boolean;
}

export interface AskInfo {
  readonly decl: AskStatement;
  /** The id a session uses: explicit or derived (null when the graph lost the ask to a syntax error). */
  readonly id: string | null;
  readonly explicit: boolean;
  /** The node that holds it ("start" for the entry). */
  readonly owner: string;
  readonly graph: GraphAsk | null;
}

export interface SymbolIndex {
  /** In source order. */
  readonly occurrences: readonly Occurrence[];
  /** Every `match`, in source order. */
  readonly matches: readonly MatchStatement[];
  readonly asks: readonly AskInfo[];
  readonly options: readonly { readonly decl: OptionDecl; readonly ask: AskStatement }[];
  readonly nodes: ReadonlyMap<string, NodeDecl>;
  readonly inputs: ReadonlyMap<string, InputDecl>;
}

export function buildIndex(file: FlowFile, graph: FlowGraph): SymbolIndex {
  const occurrences: Occurrence[] = [];
  const asks: AskInfo[] = [];
  const options: { decl: OptionDecl; ask: AskStatement }[] = [];
  const nodes = new Map<string, NodeDecl>();
  const inputs = new Map<string, InputDecl>();
  const matches: MatchStatement[] = [];
  const graphAsks = new Map<AskStatement, GraphAsk>();
  for (const ask of graph.asks) graphAsks.set(ask.decl, ask);

  const name = (kind: OccurrenceKind, id: { name: string; span: Span; missing?: boolean } | null, isDecl: boolean) => {
    if (id !== null && !id.missing && id.name !== "") occurrences.push({ kind, name: id.name, span: id.span, isDecl });
  };
  const valueName = (input: string, id: ValueDecl["id"], isDecl: boolean) => {
    if (!id.missing && id.name !== "") occurrences.push({ kind: "value", name: id.name, input, span: id.span, isDecl });
  };
  const target = (t: { name: string; span: Span; missing?: boolean; isStart: boolean } | null) => {
    if (t !== null && !t.missing && t.name !== "") name(t.isStart ? "start" : "node", t, false);
  };
  const text = (t: Text | null) => {
    if (t === null) return;
    for (const part of t.parts) {
      if (part.kind === "Placeholder" && part.name !== "") {
        occurrences.push({
          kind: "input",
          name: part.name,
          span: { start: part.span.start + 1, end: part.span.end - 1 },
          isDecl: false,
        });
      }
    }
  };

  text(file.header?.title ?? null);
  for (const input of file.inputs) {
    name("input", input.id, true);
    if (!input.id.missing && !inputs.has(input.id.name)) inputs.set(input.id.name, input);
    for (const value of input.values ?? []) {
      if (!input.id.missing) valueName(input.id.name, value.id, true);
    }
  }
  for (const node of file.nodes) {
    if (!node.id.missing && !nodes.has(node.id.name)) nodes.set(node.id.name, node);
  }
  forEachStatement(file, (stmt, place) => {
    for (const t of statementTexts(stmt)) text(t);
    switch (stmt.kind) {
      case "Goto":
        target(stmt.target);
        break;
      case "Ask": {
        name("ask", stmt.id, true);
        const g = graphAsks.get(stmt) ?? null;
        asks.push({
          decl: stmt,
          id: g?.id ?? (stmt.id !== null && !stmt.id.missing ? stmt.id.name : null),
          explicit: stmt.id !== null && !stmt.id.missing,
          owner: place.owner,
          graph: g,
        });
        for (const option of stmt.options) {
          options.push({ decl: option, ask: stmt });
          name("option", option.id, true);
          target(option.target);
        }
        break;
      }
      case "Match": {
        matches.push(stmt);
        name("input", stmt.input, false);
        const input = stmt.input.missing ? "" : stmt.input.name;
        for (const c of stmt.cases) {
          for (const v of c.values) if (input !== "") valueName(input, v, false);
          target(c.target);
        }
        if (stmt.else !== null) target(stmt.else.target);
        break;
      }
      default:
        break;
    }
  });
  for (const node of file.nodes) name("node", node.id, true);
  occurrences.sort((a, b) => a.span.start - b.span.start);
  asks.sort((a, b) => a.decl.span.start - b.decl.span.start);
  matches.sort((a, b) => a.span.start - b.span.start);
  return { occurrences, matches, asks, options, nodes, inputs };
}

/** The occurrence under an offset (touching its end counts: the cursor just after a name). */
export function occurrenceAt(index: SymbolIndex, offset: number): Occurrence | undefined {
  const list = index.occurrences;
  // The last occurrence starting at or before the offset, or the one before it
  // when the offset is exactly where that one ends (`{a}{b}`: never both).
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i >= lo - 2; i--) {
    const o = list[i]!;
    if (o.span.start <= offset && offset <= o.span.end) return o;
  }
  return undefined;
}

/**
 * Every occurrence of the symbol `at` names: a node with its jumps, an input
 * with its placeholders and matches, a value with the cases that name it in
 * its input's matches. An ask or option id is named only where it is
 * declared (sessions and generated code refer to it, not the file).
 */
export function occurrencesOf(index: SymbolIndex, at: Occurrence): Occurrence[] {
  if (at.kind === "ask" || at.kind === "option") return [at];
  return index.occurrences.filter((o) => o.kind === at.kind && o.name === at.name && o.input === at.input);
}

/** The declaration of a value of an input (the first, when the name is declared twice). */
export function valueDecl(index: SymbolIndex, input: string, value: string): ValueDecl | undefined {
  return index.inputs.get(input)?.values?.find((v) => !v.id.missing && v.id.name === value);
}

/** The `match` whose braces hold an offset (the innermost one). */
export function matchAt(index: SymbolIndex, offset: number): MatchStatement | undefined {
  let found: MatchStatement | undefined;
  for (const m of index.matches) {
    if (m.span.start > offset) break;
    if (offset < m.span.end) found = m;
  }
  return found;
}
