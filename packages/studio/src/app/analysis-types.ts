import type { FlowDefinition } from "@flowc/runtime";

/**
 * The page → the studio's worker (studio.worker.ts): once, the port the
 * language server talks LSP on (lsp.ts); then analysis requests (analysis.ts).
 */
export type StudioWorkerMessage = { readonly languageServer: MessagePort } | AnalysisRequest;

/**
 * The page → the analysis in the studio's worker: a file's whole text when it is opened, then
 * each edit as a CodeMirror change set (`ChangeSet.toJSON()`), so a keystroke
 * in a big flow sends a few bytes, not the whole text. Each message asks for
 * the file to be analyzed again (and its diagram made when `diagram`).
 */
export type AnalysisRequest = {
  readonly seq: number;
  readonly path: string;
  /** The diagram tab is open: make the diagram too (for a big flow it costs more than compiling). */
  readonly diagram: boolean;
} & ({ readonly text: string } | { readonly changes: unknown } | { readonly again: true });

/** One way through the flow, for the paths panel. */
export interface PathSummary {
  /** Option keys, in order: replayed by the preview. */
  readonly choices: readonly string[];
  /** The value of each choice input whose `match` the path passes (the first value that takes its branch). */
  readonly values: Readonly<Record<string, string>>;
  /** The answers' labels and the matches' values, for the list. */
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

/**
 * The analysis → the page, in stages, each as soon as it is ready: the
 * compiled flow (the preview waits for it), then the paths, then the diagram
 * when asked for. A stage of a text that has been replaced since is not sent.
 */
export type AnalysisResult =
  | {
      readonly stage: "compiled";
      readonly seq: number;
      readonly path: string;
      /**
       * Built even with errors (`allowErrors`), so the part that works can be played; null only when nothing
       * could be built; "unchanged" when it has the same hash as the last one sent for this file (an edit in
       * a comment or spacing): a big definition is not copied to the page for nothing.
       */
      readonly definition: FlowDefinition | null | "unchanged";
      readonly errors: number;
      readonly warnings: number;
      /** How long compiling took in the worker. */
      readonly ms: number;
    }
  | {
      readonly stage: "paths";
      readonly seq: number;
      readonly path: string;
      readonly paths: readonly PathSummary[];
      readonly truncated: boolean;
    }
  | {
      readonly stage: "diagram";
      readonly seq: number;
      readonly path: string;
      readonly mermaid: string;
      readonly places: readonly Place[];
    };
