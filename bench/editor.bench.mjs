/**
 * What an author's editor waits for after a keystroke, in-process, on the peers' generated tree: check() alone after a
 * one-character edit; the language server from that didChange to its publishDiagnostics; completion after `->`.
 * Method, and how to add a case to CASES: docs/benchmarks.md.
 */
import { PassThrough } from "node:stream";
import { setTimeout as pause } from "node:timers/promises";
import { check } from "@flowc/dsl";
import { startFlowServer } from "@flowc/language-server";
import * as client from "vscode-languageserver-protocol/node";
import * as server from "vscode-languageserver/node.js";
import { toFlow } from "./lib/forms.mjs";
import { fmtMs, fmtSummary, printTable, quick, runCases } from "./lib/measure.mjs";
import { generateTree } from "./lib/tree.mjs";

const SIZES = quick ? [1_000] : [1_000, 10_000];

/** The flow of `size` questions, and a way to type one character into a text in its middle. */
function document(size) {
  const text = toFlow(generateTree(size));
  const at = text.indexOf(`Вопрос ${size >> 1}.`) + "Вопрос ".length;
  return { text, at, edited: (i) => `${text.slice(0, at)}${i & 7}${text.slice(at + 1)}` };
}

/** A language server with `doc` open; `published(version)` resolves when that version's diagnostics arrive. */
async function openInServer(doc) {
  const [up, down] = [new PassThrough(), new PassThrough()];
  startFlowServer(server.createConnection(new server.StreamMessageReader(up), new server.StreamMessageWriter(down)), server, {});
  const c = client.createProtocolConnection(new client.StreamMessageReader(down), new client.StreamMessageWriter(up));
  const waiting = new Map();
  c.onNotification(client.PublishDiagnosticsNotification.type, (p) => waiting.get(p.version)?.());
  c.listen();
  const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
  await c.sendRequest(client.InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
  const [uri, opened] = ["file:///bench/bench.flow", published(1)];
  c.sendNotification(client.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "flow", version: 1, text: doc.text } });
  await opened;
  const position = (offset) => {
    const before = doc.text.slice(0, offset).split("\n");
    return { line: before.length - 1, character: before.at(-1).length };
  };
  return { c, uri, version: 1, published, position, ...doc };
}

const CASES = SIZES.flatMap((size) => [
  {
    name: `check() after a one-character edit, ${size.toLocaleString("en")} questions`,
    setup: () => document(size),
    run(doc, i) {
      const { errors } = check(doc.edited(i), "bench.flow");
      if (errors !== 0) throw new Error(`the edited ${size}-question flow has ${errors} errors`);
    },
  },
  {
    name: `language server: diagnostics after a one-character edit, ${size.toLocaleString("en")} questions`,
    setup: () => openInServer(document(size)),
    before: () => pause(200),
    async run(s) {
      // Type a letter, then delete it again: the text stays the same size.
      const version = ++s.version;
      const start = s.position(s.at);
      const change = version % 2 === 0
        ? { range: { start, end: start }, text: "ё" }
        : { range: { start, end: { line: start.line, character: start.character + 1 } }, text: "" };
      const done = s.published(version);
      s.c.sendNotification(client.DidChangeTextDocumentNotification.type, { textDocument: { uri: s.uri, version }, contentChanges: [change] });
      await done;
    },
    teardown: (s) => s.c.dispose(),
  },
]);
CASES.push({
  name: "language server: completion after `->`, 1,000 questions",
  async setup() {
    const s = await openInServer(document(1_000));
    return { ...s, arrow: s.position(s.text.indexOf("-> q", s.text.length >> 1) + 3) };
  },
  async run(s) {
    const items = await s.c.sendRequest(client.CompletionRequest.type, { textDocument: { uri: s.uri }, position: s.arrow });
    if (items.length < 100) throw new Error(`completion gave ${items.length} items`);
  },
  teardown: (s) => s.c.dispose(),
});

const rows = await runCases(CASES);
printTable(["case", "median (range)", "CPU, median"], rows.map((r) => [r.name, fmtSummary(r), fmtMs(r.cpu.median)]));
process.exit(0);
