import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { check } from "@flowc/dsl";
import { analyze, diagnostics } from "@flowc/dsl/service";
import { startFlowServer } from "@flowc/language-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as server from "vscode-languageserver/node.js";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  InitializeRequest,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

// Incremental sync, checked by property: random edits (insertions and
// deletions anywhere, one or several per notification) sent to the server
// in-process; after the last one, what it publishes is exactly what the
// service says for the text the editor now has, and it still answers.

const text0 = readFileSync(join(import.meta.dirname, "fixtures", "service", "order-status.flow"), "utf8");
let client: ProtocolConnection;
const published = new Map<string, PublishDiagnosticsParams[]>();

beforeAll(async () => {
  const up = new PassThrough();
  const down = new PassThrough();
  const connection = server.createConnection(new server.StreamMessageReader(up), new server.StreamMessageWriter(down));
  startFlowServer(connection, server, { debounceMs: 0 });
  client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
  });
  client.listen();
  await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
});

afterAll(() => client?.dispose());

function positionOf(text: string, offset: number) {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

async function until<T>(get: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(6),
  insert: fc.constantFrom("", "x", "{", "}", '"', "\n", "->", " ask ", "ё", "😀", "option a \"A\"", "}\n}"),
});

describe("incremental sync", () => {
  let n = 0;
  it("publishes, after any edits, what the service says for the editor's text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const uri = `file:///p/${n++}.flow`;
        let text = text0;
        let version = 1;
        await client.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: { uri, languageId: "flow", version, text },
        });
        for (const batch of batches) {
          version++;
          const changes = batch.map((e) => {
            const start = Math.floor(e.at * text.length);
            // Never split a surrogate pair: an editor would not.
            const from = start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? "") ? start - 1 : start;
            let to = Math.min(text.length, from + e.remove);
            if (/[\uDC00-\uDFFF]/.test(text[to] ?? "")) to++;
            const change = { range: { start: positionOf(text, from), end: positionOf(text, to) }, text: e.insert };
            text = text.slice(0, from) + e.insert + text.slice(to);
            return change;
          });
          await client.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges: changes,
          });
        }
        const last = await until(() => published.get(uri)?.find((p) => p.version === version));
        expect(last.diagnostics).toEqual(JSON.parse(JSON.stringify(diagnostics(analyze(text, uri, version)))));
        expect(last.diagnostics.map((d) => d.code)).toEqual(check(text).diagnostics.map((d) => d.code));
        const symbols = await client.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
        expect(Array.isArray(symbols)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("gathers edits typed faster than the re-check interval into one check of the newest text", async () => {
    const up = new PassThrough();
    const down = new PassThrough();
    const connection = server.createConnection(new server.StreamMessageReader(up), new server.StreamMessageWriter(down));
    startFlowServer(connection, server, { debounceMs: 1_000 });
    const c = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    const versions: number[] = [];
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (typeof p.version === "number") versions.push(p.version);
    });
    c.listen();
    try {
      await c.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      const uri = "file:///p/typing.flow";
      await c.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "flow", version: 1, text: text0 },
      });
      await until(() => (versions.includes(1) ? true : undefined));
      // Three keystrokes right after the first check: one more check, of the third.
      for (const [version, ch] of [[2, "a"], [3, "b"], [4, "c"]] as const) {
        await c.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ch }],
        });
      }
      await until(() => (versions.includes(4) ? true : undefined));
      await new Promise((r) => setTimeout(r, 1_100));
      expect(versions).toEqual([1, 4]);
    } finally {
      c.dispose();
    }
  });
});

describe("a host's own check (ServerOptions.check)", () => {
  it("checks each text through it, under the file's name, and serves diagnostics and requests from its result", async () => {
    const up = new PassThrough();
    const down = new PassThrough();
    const connection = server.createConnection(new server.StreamMessageReader(up), new server.StreamMessageWriter(down));
    const calls: [string, string][] = [];
    startFlowServer(connection, server, {
      debounceMs: 0,
      check: (text, path) => {
        calls.push([text, path]);
        return check(text, path);
      },
    });
    const c = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    const published: PublishDiagnosticsParams[] = [];
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p);
    });
    c.listen();
    try {
      await c.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      const uri = "file:///host/order%20status.flow";
      const text = `${text0}\nsay "{nobody}"\n`;
      await c.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "flow", version: 1, text },
      });
      const first = await until(() => published[0]);
      expect(first.diagnostics.map((d) => d.code)).toEqual(check(text).diagnostics.map((d) => d.code));
      expect(first.diagnostics.length).toBeGreaterThan(0);
      const symbols = await c.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      expect(Array.isArray(symbols)).toBe(true);
      // One check of the version, through the host's function, with the name `flowc check` would show.
      expect(calls).toEqual([[text, "order status.flow"]]);
    } finally {
      c.dispose();
    }
  });
});
