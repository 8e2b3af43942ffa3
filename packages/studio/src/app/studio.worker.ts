// The studio's work off the page's thread, in one worker: the flow language
// server (the one `flowc lsp` runs), on a port of its own, and the analysis
// (analysis-service.ts) on the worker's messages. Both read one check of each
// text (check-once.ts), and the compiler is loaded once.
import { startWorkerServer } from "@flowc/language-server/browser";
import type { StudioWorkerMessage } from "./analysis-types.js";
import { analysisRequest } from "./analysis-service.js";
import { checkOnce } from "./check-once.js";

self.onmessage = (event: MessageEvent<StudioWorkerMessage>) => {
  const message = event.data;
  if ("languageServer" in message) startWorkerServer({ port: message.languageServer, check: checkOnce });
  else analysisRequest(message);
};
