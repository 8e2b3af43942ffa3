import * as lsp from "vscode-languageserver/browser.js";
import { CONNECTION_STRATEGY, type ServerOptions, startFlowServer } from "./server.js";

export interface WorkerServerOptions extends ServerOptions {
  /**
   * The channel LSP goes over (default: the worker's own messages): a worker
   * that also does other work gets the language server's messages on a port
   * of their own (one end of a `MessageChannel` the page sent it).
   */
  readonly port?: MessagePort;
}

/**
 * Starts the server inside a Web Worker: the page talks LSP to it with
 * postMessage (e.g. `new Worker(url, { type: "module" })` and a client such
 * as @codemirror/lsp-client). Call it once, from the worker's module.
 */
export function startWorkerServer(options: WorkerServerOptions = {}): void {
  const scope = options.port ?? (globalThis as unknown as ConstructorParameters<typeof lsp.BrowserMessageReader>[0]);
  const connection = lsp.createConnection(new lsp.BrowserMessageReader(scope), new lsp.BrowserMessageWriter(scope), {
    connectionStrategy: CONNECTION_STRATEGY,
  });
  startFlowServer(connection, lsp, options);
}
