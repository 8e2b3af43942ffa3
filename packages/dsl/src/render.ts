import type { Diagnostic } from "./diagnostics.js";
import type { SourceFile } from "./source.js";

// PLACEHOLDER — replaced by the CLI work.
export interface RenderOptions {
  readonly color?: boolean;
}

export function formatDiagnostic(
  diagnostic: Diagnostic,
  source: SourceFile,
  options: RenderOptions = {},
): string {
  void options;
  return `${source.path}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
}
