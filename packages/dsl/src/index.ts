/**
 * @flowc/dsl — the public API of the flow language: parse, check, compile,
 * emit, format and render diagnostics. No I/O: every function takes text and
 * returns values; diagnostics are data, never thrown.
 */
import type { FlowDefinition } from "@flowc/runtime";
import type { FlowFile } from "./ast/types.js";
import { checkFile, type FlowGraph } from "./check/index.js";
import { type Diagnostic, limitDiagnostics, sortDiagnostics } from "./diagnostics.js";
import { toDefinition } from "./emit/definition.js";
import { createSource, type SourceFile } from "./source.js";
import { parseSource } from "./syntax/parse.js";

export type * from "./ast/types.js";
export { CODES, type Code, type Phase } from "./codes.js";
export { KEYWORD_TABLE as KEYWORDS, type Keyword, type KeywordKind } from "./syntax/keywords.js";
export type { AskStep, ChoiceStep, Diagnostic, RelatedInfo, Severity, Span, ValueStep } from "./diagnostics.js";
export { chooseList, runCommand, shellWord } from "./shell.js";
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
export { statementTexts } from "./check/walk.js";
export { diffLines, type DiffOp } from "./diff.js";
export { emitTypeScript, type EmitTypeScriptOptions } from "./emit/typescript.js";

export interface ParseResult {
  readonly source: SourceFile;
  readonly file: FlowFile;
  /** Syntax-level diagnostics (`syntax`, `invalid-string`, `reserved-word`, `too-deep`). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface CheckResult extends ParseResult {
  /**
   * Every diagnostic, syntax and semantic, in source order — at most the
   * first 1,000, then one `too-many-diagnostics` that counts the rest.
   */
  readonly diagnostics: readonly Diagnostic[];
  readonly graph: FlowGraph;
  /**
   * How many errors and warnings the file has, those past the 1,000 listed
   * included (the `too-many-diagnostics` that counts them is not one of them).
   */
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
  const all = sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]);
  let errors = 0;
  for (const d of all) if (d.severity === "error") errors++;
  return {
    ...parsed,
    diagnostics: limitDiagnostics(all),
    graph: checked.graph,
    errors,
    warnings: all.length - errors,
  };
}

export interface CompileOptions {
  /**
   * Build a definition even when the flow has errors, from what was read:
   * a jump to a missing node ends the flow, a broken region is left out.
   * For playing the part of a flow that works while fixing the rest
   * (`flowc run --allow-errors`); never for shipping.
   */
  readonly allowErrors?: boolean;
}

/** Check, then build the compiled definition when there are no errors (or `allowErrors`). */
export function compile(
  text: string,
  path = "<input>",
  options: CompileOptions = {},
): CompileResult {
  return compileChecked(check(text, path), options);
}

/**
 * `compile` for a text already checked (`check`'s result for it): the same
 * result, without parsing and checking the text again.
 */
export function compileChecked(checked: CheckResult, options: CompileOptions = {}): CompileResult {
  if (checked.errors > 0 && options.allowErrors !== true)
    return { ...checked, definition: null, json: null };
  return { ...checked, ...toDefinition(checked.file, checked.graph) };
}

export { type FormatResult } from "./format/print.js";
/** The width the formatter keeps a short body on its head's line within (an editor's quick fix lays out code the same way). */
export { MAX_WIDTH as FORMAT_LINE_WIDTH } from "./format/layout.js";
import { formatFlow, type FormatResult } from "./format/print.js";

/** The file in the canonical style (text null when it has syntax errors; see docs/formatting.md). */
export function format(text: string, path = "<input>"): FormatResult {
  const result = formatFlow(text, path);
  return { ...result, diagnostics: limitDiagnostics([...result.diagnostics]) };
}

// Diagrams (`flowc graph`) and every way through a flow (`flowc paths`): see docs/graph.md.
export {
  diagram,
  toDot,
  toMermaid,
  type DiagramFormat,
  type DiagramInput,
} from "./emit/diagram.js";
export { diagramPlaces, type DiagramPlace } from "./emit/diagram-places.js";
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
} from "./emit/path-list.js";
