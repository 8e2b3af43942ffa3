import * as lsp from "vscode-languageserver/node.js";
import { CONNECTION_STRATEGY, type ServerOptions, startFlowServer } from "./server.js";

/**
 * Starts the server on this process's standard input and output (what
 * `flowc lsp --stdio` runs). Resolves when the editor is done with it: true
 * after a proper `shutdown` then `exit`, false when the editor closed the
 * connection without one (it went away). Nothing else may write to
 * standard output while it runs.
 */
export function startStdioServer(options: ServerOptions = {}): Promise<boolean> {
  const connection = lsp.createConnection(
    lsp.ProposedFeatures.all,
    new lsp.StreamMessageReader(process.stdin),
    new lsp.StreamMessageWriter(process.stdout),
    { connectionStrategy: CONNECTION_STRATEGY },
  );
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const done = new Promise<boolean>((resolve) => {
    connection.onExit(() => resolve(shutdown));
    process.stdin.once("end", () => resolve(shutdown));
    process.stdin.once("close", () => resolve(shutdown));
  });
  startFlowServer(connection, lsp, options);
  return done.finally(() => connection.dispose());
}
