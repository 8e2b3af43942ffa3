/**
 * @flowc/language-server — the flow language server for editors (stdio).
 * The same server runs in a browser Web Worker from `@flowc/language-server/browser`.
 */
export { startStdioServer } from "./node.js";
export { startFlowServer, type LspRuntime, type ServerOptions } from "./server.js";
