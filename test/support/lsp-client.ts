import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

/** The built `flowc` bin (CI builds before the tests). */
export const FLOWC_BIN = fileURLToPath(new URL("../../packages/cli/bin/flowc.js", import.meta.url));

/**
 * A language server process and an LSP client talking to it over its
 * standard input and output, as an editor does.
 */
export interface LspSession {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  /** Everything the server wrote to stderr. */
  readonly stderr: () => string;
  /** The next diagnostics published for `uri` that satisfy `accept` (waits up to `ms`). */
  diagnostics(
    uri: string,
    accept?: (p: PublishDiagnosticsParams) => boolean,
    ms?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** The process's exit code, once it has exited (null while it runs). */
  readonly exited: Promise<number | null>;
  close(): Promise<void>;
}

export function startServer(command: readonly string[] = [process.execPath, FLOWC_BIN, "lsp", "--stdio"]): LspSession {
  const child = spawn(command[0]!, command.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published: PublishDiagnosticsParams[] = [];
  const waiting: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const i = waiting.findIndex((w) => w.uri === p.uri && w.accept(p));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(p);
    else published.push(p);
  });
  connection.listen();
  return {
    child,
    connection,
    stderr: () => stderr,
    exited,
    diagnostics(uri, accept = () => true, ms = 10_000) {
      const i = published.findIndex((p) => p.uri === uri && accept(p));
      if (i >= 0) return Promise.resolve(published.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${ms} ms`)), ms);
        waiting.push({
          uri,
          accept,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    async close() {
      connection.dispose();
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
