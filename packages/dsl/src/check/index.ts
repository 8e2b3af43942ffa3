import type { FlowFile } from "../ast/types.js";
import type { Diagnostic } from "../diagnostics.js";
import type { FlowGraph } from "./graph.js";
import { checkFlow } from "./graph-checks.js";
import { Lowering } from "./lower.js";
import { NameChecker } from "./names.js";
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
 * errors): names and references, and lowering to the flow graph (which finds
 * unreachable code), owner by owner; then the flow checks over every step a
 * session can take. Everything is iterative and linear or near-linear.
 */
export function checkFile(
  file: FlowFile,
  syntaxDiagnostics: readonly Diagnostic[],
  options: CheckOptions = {},
): { diagnostics: Diagnostic[]; graph: FlowGraph } {
  const diagnostics: Diagnostic[] = [];
  const taint = new Taint(syntaxDiagnostics);
  // Names, then lowering, one owner (the entry, each node) at a time: the
  // lowering reads the statements the names check has just read, while they
  // are still in the CPU's cache (on 10,000 questions, lowering after a
  // names check of the whole file cost 3× more per question than on 1,000).
  const nameChecker = new NameChecker(file, taint, diagnostics);
  const lowering = new Lowering(file, nameChecker.tables, taint, diagnostics);
  for (let owner = -1; owner < file.nodes.length; owner++) {
    nameChecker.walk(owner);
    lowering.lower(owner);
  }
  const names = nameChecker.finish();
  const graph = lowering.finish();
  checkFlow(file, graph, names.nodes, taint, options.path ?? "<file>", diagnostics, names.guessedNodes);
  return { diagnostics, graph };
}
