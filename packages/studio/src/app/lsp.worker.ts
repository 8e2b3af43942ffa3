// The flow language server (the one `flowc lsp` runs), in this Web Worker:
// checks, completion, hover, rename and formatting never run on the page's thread.
import { startWorkerServer } from "@flowc/language-server/browser";

startWorkerServer();
