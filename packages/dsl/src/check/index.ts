import type { FlowFile } from "../ast/types.js";
import type { Diagnostic } from "../diagnostics.js";
import type { FlowGraph } from "./graph.js";
import { checkFlow } from "./graph-checks.js";
import { lower } from "./lower.js";
import { checkNames } from "./names.js";
import { Taint } from "./taint.js";

export type {
  FlowGraph,
  GraphAsk,
  GraphBlock,
  GraphNext,
  GraphOption,
  GraphOutput,
} from "./graph.js";

export interface CheckOptions {
  /** The file name as the author knows it, for "try it: flowc run <file> …" hints. */
  readonly path?: string;
}

/**
 * The semantic checks of what the parser produced (even a file with syntax
 * errors), one pass after another: names and references; lowering to the
 * flow graph (which finds unreachable code); then the flow checks over every
 * step a session can take. Every pass is iterative and linear or near-linear.
 */
export function checkFile(
  file: FlowFile,
  syntaxDiagnostics: readonly Diagnostic[],
  options: CheckOptions = {},
): { diagnostics: Diagnostic[]; graph: FlowGraph } {
  const diagnostics: Diagnostic[] = [];
  const taint = new Taint(syntaxDiagnostics);
  const names = checkNames(file, taint, diagnostics);
  const graph = lower(file, names, taint, diagnostics);
  checkFlow(
    file,
    graph,
    names.nodes,
    taint,
    options.path ?? "<file>",
    diagnostics,
    names.guessedNodes,
    names.deadElseTargets,
  );
  return { diagnostics, graph };
}
