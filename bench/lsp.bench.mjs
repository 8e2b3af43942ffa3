/**
 * What an author waits for in the editor: the language server's answer
 * after a keystroke. In-process (the server and an LSP client joined by
 * in-memory streams, as the issue asks), through the built packages
 * (`npm run build` first):
 *
 * - diagnostics: from sending the one-character didChange to receiving
 *   publishDiagnostics for that version, on 1,000- and 10,000-question
 *   flows (bench/lib/tree.mjs, written as flowc by bench/lib/forms.mjs). Edits are
 *   spaced out, so each is a single keystroke after a pause (the first
 *   change after a quiet spell is checked at once; see server.ts);
 * - completion: a completion request after `->` on the 1,000-question flow.
 *
 * Prints medians and ranges. Usage: node bench/lsp.bench.mjs [--quick]
 */
import { PassThrough } from "node:stream";
import { performance } from "node:perf_hooks";
import * as server from "vscode-languageserver/node.js";
import * as client from "vscode-languageserver-protocol/node";
import { check } from "../packages/dsl/dist/index.js";
import { startFlowServer } from "../packages/language-server/dist/index.js";
import { generateTree } from "./lib/tree.mjs";
import { toFlow } from "./lib/forms.mjs";

const quick = process.argv.includes("--quick");

function connect() {
  const up = new PassThrough();
  const down = new PassThrough();
  const conn = server.createConnection(new server.StreamMessageReader(up), new server.StreamMessageWriter(down));
  startFlowServer(conn, server, {});
  const c = client.createProtocolConnection(new client.StreamMessageReader(down), new client.StreamMessageWriter(up));
  const waiting = new Map();
  c.onNotification(client.PublishDiagnosticsNotification.type, (p) => {
    const resolve = waiting.get(p.version);
    if (resolve) {
      waiting.delete(p.version);
      resolve(performance.now());
    }
  });
  c.listen();
  return { c, published: (version) => new Promise((resolve) => waiting.set(version, resolve)) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs) =>
  `median ${median(xs).toFixed(1)} ms (range ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}, n=${xs.length})`;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function keystrokes(size, runs) {
  const text = toFlow(generateTree(size));
  const { c, published } = connect();
  await c.sendRequest(client.InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
  const uri = `file:///bench/${size}.flow`;
  let version = 1;
  const opened = published(version);
  c.sendNotification(client.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "flow", version, text },
  });
  await opened;
  // Type inside the text of a `say` in the middle of the file, then delete it again.
  const lines = text.split("\n");
  const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('say "'));
  const character = lines[line].indexOf('say "') + 6;
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    await pause(200);
    version++;
    const insert = i % 2 === 0;
    const at = { line, character };
    const change = insert
      ? { range: { start: at, end: at }, text: "ё" }
      : { range: { start: at, end: { line, character: character + 1 } }, text: "" };
    const done = published(version);
    const t0 = performance.now();
    c.sendNotification(client.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    const t1 = await done;
    if (i >= 2) times.push(t1 - t0); // the first two warm the engine up
  }
  // The compiler alone on the same text in the same process, right after: what the server adds is the difference.
  const checks = [];
  for (let i = 0; i < Math.max(3, Math.min(runs, 10)); i++) {
    const t0 = performance.now();
    check(text, "bench.flow");
    checks.push(performance.now() - t0);
  }
  return { c, uri, text, times, checks };
}

async function completion(session, runs) {
  const { c, uri, text } = session;
  const lines = text.split("\n");
  const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes("-> q"));
  const character = lines[line].indexOf("-> q") + 3;
  const times = [];
  for (let i = 0; i < runs + 5; i++) {
    const t0 = performance.now();
    const items = await c.sendRequest(client.CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
    const t1 = performance.now();
    if (items.length < 100) throw new Error(`completion gave ${items.length} items`);
    if (i >= 5) times.push(t1 - t0);
  }
  return times;
}

const small = await keystrokes(1_000, quick ? 10 : 40);
console.log(`diagnostics after a one-character edit, 1,000 questions:  ${fmt(small.times)}`);
console.log(`  flowc's check() alone on that text:                      ${fmt(small.checks)}`);
console.log(`completion after \`->\`, 1,000 questions:                  ${fmt(await completion(small, quick ? 20 : 100))}`);
small.c.dispose();
const large = await keystrokes(10_000, quick ? 4 : 15);
console.log(`diagnostics after a one-character edit, 10,000 questions: ${fmt(large.times)}`);
console.log(`  flowc's check() alone on that text:                      ${fmt(large.checks)}`);
large.c.dispose();
process.exit(0);
