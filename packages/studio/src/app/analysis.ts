import type { AnalysisRequest, AnalysisResult } from "./analysis-types.js";

/**
 * The page's side of the analysis worker: send a text, get its compiled
 * definition, diagram and paths back. While the worker is busy only the newest
 * text waits (typing fast never queues up old versions).
 */
export class Analysis {
  private readonly worker = new Worker(new URL("./analysis.worker.ts", import.meta.url), { type: "module" });
  private seq = 0;
  private busy = false;
  private waiting: AnalysisRequest | null = null;

  constructor(private readonly onResult: (result: AnalysisResult) => void) {
    this.worker.onmessage = (event: MessageEvent<AnalysisResult>) => {
      this.busy = false;
      // An answer for a text that has been replaced since is dropped: the newer one is on its way.
      if (this.waiting === null) this.onResult(event.data);
      this.next();
    };
  }

  analyze(path: string, text: string): void {
    this.waiting = { seq: ++this.seq, path, text };
    this.next();
  }

  private next(): void {
    if (this.busy || this.waiting === null) return;
    this.busy = true;
    this.worker.postMessage(this.waiting);
    this.waiting = null;
  }
}
