import type { FlowFile } from "../ast/types.js";
import type { Diagnostic } from "../diagnostics.js";

// PLACEHOLDER — replaced by the checker work.
export interface FlowGraph {
  readonly placeholder: true;
}

export function checkFile(
  file: FlowFile,
  syntaxDiagnostics: readonly Diagnostic[],
): { diagnostics: Diagnostic[]; graph: FlowGraph } {
  void file;
  void syntaxDiagnostics;
  return { diagnostics: [], graph: { placeholder: true } };
}
