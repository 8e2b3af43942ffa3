import type { FlowDefinition } from "@flowc/runtime";
import type { FlowFile } from "../ast/types.js";
import type { FlowGraph } from "../check/index.js";

// PLACEHOLDER — replaced by the checker work.
export function toDefinition(file: FlowFile, graph: FlowGraph): FlowDefinition {
  void file;
  void graph;
  throw new Error("toDefinition not implemented yet");
}
