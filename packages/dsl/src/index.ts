/**
 * @flowc/dsl — the public API of the flow language: parse, check, compile,
 * emit, format and render diagnostics. No I/O: every function takes text and
 * returns values; diagnostics are data, never thrown.
 */
import type { FlowDefinition } from "@flowc/runtime";
import type { FlowFile } from "./ast/types.js";
import { checkFile, type FlowGraph } from "./check/index.js";
import { type Diagnostic, sortDiagnostics } from "./diagnostics.js";
import { toDefinition } from "./emit/definition.js";
import { createSource, type SourceFile } from "./source.js";
import { parseSource } from "./syntax/parse.js";

export type * from "./ast/types.js";
export { CODES, type Code } from "./codes.js";
export { KEYWORD_TABLE as KEYWORDS, type Keyword, type KeywordKind } from "./syntax/keywords.js";
export type { Diagnostic, RelatedInfo, Severity, Span } from "./diagnostics.js";
export { createSource, lineText, positionAt, type Position, type SourceFile } from "./source.js";
export type {
  FlowGraph,
  GraphAsk,
  GraphBlock,
  GraphNext,
  GraphOption,
  GraphOutput,
} from "./check/index.js";
export { formatDiagnostic, type RenderOptions } from "./render.js";
export { emitTypeScript, type EmitTypeScriptOptions } from "./emit/typescript.js";

export interface ParseResult {
  readonly source: SourceFile;
  readonly file: FlowFile;
  /** Syntax-level diagnostics (`syntax`, `invalid-string`, `reserved-word`, `too-deep`). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface CheckResult extends ParseResult {
  /** Every diagnostic, syntax and semantic, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: FlowGraph;
  readonly errors: number;
  readonly warnings: number;
}

export interface CompileResult extends CheckResult {
  /** The compiled definition, or null when the flow has errors. */
  readonly definition: FlowDefinition | null;
  /**
   * Exactly `JSON.stringify(definition)` (null with it), made along with the
   * hash: for a host that stores or sends the definition as JSON, at no cost.
   */
  readonly json: string | null;
}

/** Lex and parse; recovers from syntax errors and always returns an AST. */
export function parse(text: string, path = "<input>"): ParseResult {
  const source = createSource(path, text);
  const { file, diagnostics } = parseSource(source);
  return { source, file, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parse and run every check. */
export function check(text: string, path = "<input>"): CheckResult {
  const parsed = parse(text, path);
  const checked = checkFile(parsed.file, parsed.diagnostics, { path });
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]);
  let errors = 0;
  for (const d of diagnostics) if (d.severity === "error") errors++;
  return {
    ...parsed,
    diagnostics,
    graph: checked.graph,
    errors,
    warnings: diagnostics.length - errors,
  };
}

/** Check, then build the compiled definition when there are no errors. */
export function compile(text: string, path = "<input>"): CompileResult {
  const checked = check(text, path);
  if (checked.errors > 0) return { ...checked, definition: null, json: null };
  return { ...checked, ...toDefinition(checked.file, checked.graph) };
}

export { type FormatResult } from "./format/print.js";
import { formatFlow, type FormatResult } from "./format/print.js";

/** The file in the canonical style (text null when it has syntax errors; see docs/formatting.md). */
export function format(text: string, path = "<input>"): FormatResult {
  return formatFlow(text, path);
}

// Diagrams (`flowc graph`) and every way through a flow (`flowc paths`): see docs/graph.md.
export {
  diagram,
  toDot,
  toMermaid,
  type DiagramFormat,
  type DiagramInput,
} from "./emit/diagram.js";
export {
  DEFAULT_MAX_ITEMS,
  DEFAULT_MAX_PATHS,
  findPaths,
  formatPaths,
  type PathEnd,
  type PathEntry,
  type PathField,
  type PathItem,
  type PathList,
  type PathsFormat,
  type PathsInput,
  type PathsOptions,
} from "./emit/paths.js";
