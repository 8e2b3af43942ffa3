import type { FlowDefinition } from "@flowc/runtime";

/** The page → the analysis worker: check and compile this text. */
export interface AnalysisRequest {
  readonly seq: number;
  readonly path: string;
  readonly text: string;
}

/** One way through the flow, for the paths panel. */
export interface PathSummary {
  /** Option keys, in order: replayed by the preview. */
  readonly choices: readonly string[];
  /** The answers' labels, for the list. */
  readonly summary: readonly string[];
  readonly end: string;
}

/** A diagram element's place in the text (UTF-16 offsets). */
export interface Place {
  readonly id: string;
  readonly kind: "ask" | "node" | "entry";
  readonly from: number;
  readonly to: number;
}

/** The analysis worker → the page. */
export interface AnalysisResult {
  readonly seq: number;
  readonly path: string;
  /** Built even with errors (`allowErrors`), so the part that works can be played; null only when nothing could be built. */
  readonly definition: FlowDefinition | null;
  readonly errors: number;
  readonly warnings: number;
  readonly mermaid: string;
  readonly places: readonly Place[];
  readonly paths: readonly PathSummary[];
  readonly truncated: boolean;
  readonly problems: readonly { severity: string; code: string; message: string; from: number }[];
  /** How long the worker took, for the status line. */
  readonly ms: number;
}
