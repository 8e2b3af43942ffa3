import type { FlowFile } from "../ast/types.js";
import type { Diagnostic } from "../diagnostics.js";
import type { SourceFile } from "../source.js";

// PLACEHOLDER — replaced by the parser work.
export function parseSource(source: SourceFile): { file: FlowFile; diagnostics: Diagnostic[] } {
  throw new Error(`parser not implemented yet (${source.path})`);
}
