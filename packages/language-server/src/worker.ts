// A ready-made Web Worker script: bundled with everything it needs
// (dist/worker.js), so a page can start the server with one `new Worker`.
import { startWorkerServer } from "./browser.js";

startWorkerServer();
