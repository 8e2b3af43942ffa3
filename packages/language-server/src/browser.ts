import * as lsp from "vscode-languageserver/browser.js";
import { CONNECTION_STRATEGY, type ServerOptions, startFlowServer } from "./server.js";

/**
 * Starts the server inside a Web Worker: the page talks LSP to it with
 * postMessage (e.g. `new Worker(url, { type: "module" })` and a client such
 * as @codemirror/lsp-client). Call it once, from the worker's module.
 */
export function startWorkerServer(options: ServerOptions = {}): void {
  const scope = globalThis as unknown as ConstructorParameters<typeof lsp.BrowserMessageReader>[0];
  const connection = lsp.createConnection(new lsp.BrowserMessageReader(scope), new lsp.BrowserMessageWriter(scope), {
    connectionStrategy: CONNECTION_STRATEGY,
  });
  startFlowServer(connection, lsp, options);
}
