import type { ChangeSet } from "@codemirror/state";
import type { AnalysisRequest, AnalysisResult, StudioWorkerMessage } from "./analysis-types.js";

/**
 * The page's side of the analysis (analysis-service.ts, in the studio's
 * worker): send each new text, hear back its compiled definition, paths and
 * diagram in stages. Every answer is used, in the order sent: one about a text
 * replaced since is still newer than what is on screen, and the worker sends
 * "unchanged" relative to its last answer.
 */
export class Analysis {
  private seq = 0;
  private path: string | null = null;

  constructor(
    /** The studio's worker: analysis requests and answers are its own messages (the language server has a port). */
    private readonly worker: Worker,
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
    this.worker.postMessage(request satisfies StudioWorkerMessage);
  }
}
