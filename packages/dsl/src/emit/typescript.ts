import type { FlowDefinition } from "@flowc/runtime";

// PLACEHOLDER — replaced by the runtime work.
export interface EmitTypeScriptOptions {
  /** The .flow file name as shown in the "generated from" line. */
  readonly sourceName: string;
}

export function emitTypeScript(definition: FlowDefinition, options: EmitTypeScriptOptions): string {
  void definition;
  void options;
  throw new Error("emitTypeScript not implemented yet");
}
