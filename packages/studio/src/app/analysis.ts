import type { ChangeSet } from "@codemirror/state";
import type { AnalysisRequest, AnalysisResult } from "./analysis-types.js";

/**
 * The page's side of the analysis worker: send each new text, hear back its
 * compiled definition, paths and diagram in stages. Every answer is used, in
 * the order sent: one about a text replaced since is still newer than what is
 * on screen, and the worker sends "unchanged" relative to its last answer.
 */
export class Analysis {
  private readonly worker = new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module" });
  private seq = 0;
  private path: string | null = null;

  constructor(
    private readonly onResult: (result: AnalysisResult) => void,
    /** Whether the diagram is wanted now (its tab is open). */
    private readonly wantsDiagram: () => boolean,
  ) {
    this.worker.onmessage = (event: MessageEvent<AnalysisResult>) => {
      this.onResult(event.data);
    };
  }

  /** A file opened (or switched to): its whole text. */
  open(path: string, text: string): void {
    this.send({ seq: ++this.seq, path, text, diagram: this.wantsDiagram() });
  }

  /** An edit of the open file. */
  edit(path: string, changes: ChangeSet): void {
    this.send({ seq: ++this.seq, path, changes: changes.toJSON(), diagram: this.wantsDiagram() });
  }

  /** Analyze the open file again (the diagram tab was opened). */
  again(): void {
    if (this.path !== null) this.send({ seq: ++this.seq, path: this.path, again: true, diagram: this.wantsDiagram() });
  }

  private send(request: AnalysisRequest): void {
    this.path = request.path;
    this.worker.postMessage(request);
  }
}
