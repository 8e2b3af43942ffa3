import { readFileSync } from "node:fs";
import { join } from "node:path";
import { check } from "@flowc/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  type DocumentSymbol,
  FoldingRangeRequest,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  ShutdownRequest,
  ExitNotification,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { type LspSession, startServer } from "./support/lsp-client.js";

// `flowc lsp --stdio` spoken to as an editor does: a JSON-RPC client over the
// process's stdin/stdout, every feature asked on real files, edits that break
// a file and fix it again, and input no editor should send.

const fixtures = join(import.meta.dirname, "fixtures", "service");
const read = (name: string) => readFileSync(join(fixtures, name), "utf8");
const uriOf = (name: string) => `file:///work/flows/${name}`;

function pos(text: string, needle: string, at = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, offset + at).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

let server: LspSession;
let init: InitializeResult;
const orderStatus = read("order-status.flow");
const order = uriOf("order-status.flow");

async function open(uri: string, text: string, version = 1) {
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "flow", version, text },
  });
}

beforeAll(async () => {
  server = startServer();
  init = await server.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } },
    },
    initializationOptions: { debounceMs: 50 },
  });
  await server.connection.sendNotification(InitializedNotification.type, {});
  await open(order, orderStatus);
});

afterAll(async () => {
  await server?.close();
});

describe("flowc lsp --stdio", () => {
  it("announces every feature and incremental sync", () => {
    const caps = init.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    for (const key of [
      "completionProvider",
      "hoverProvider",
      "definitionProvider",
      "referencesProvider",
      "renameProvider",
      "documentSymbolProvider",
      "foldingRangeProvider",
      "documentHighlightProvider",
      "documentFormattingProvider",
      "documentRangeFormattingProvider",
      "codeActionProvider",
    ]) {
      expect(caps, key).toHaveProperty(key);
    }
    expect(init.serverInfo?.name).toBe("flowc");
  });

  it("publishes what flowc check reports when a file opens", async () => {
    const slips = read("slips.flow");
    await open(uriOf("slips.flow"), slips);
    const published = await server.diagnostics(uriOf("slips.flow"));
    const expected = check(slips, "slips.flow").diagnostics;
    expect(published.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1])).toEqual(
      expected.map((d) => [d.code, ...lineCol(slips, d.span.start)]),
    );
    expect(published.diagnostics[0]!.message).toBe(
      "There is no node named `who_orderd` to go to.\nhint: did you mean `who_ordered`?",
    );
    expect(published.diagnostics.every((d) => d.source === "flowc")).toBe(true);
  });

  it("answers completion, hover, definition, references and highlights", async () => {
    const c = server.connection;
    const doc = { uri: order };
    const items = await c.sendRequest(CompletionRequest.type, {
      textDocument: doc,
      position: pos(orderStatus, "-> who_ordered", 3),
    });
    expect((Array.isArray(items) ? items : items!.items).map((i) => i.label)).toEqual(["who_ordered", "start"]);
    const hover = await c.sendRequest(HoverRequest.type, { textDocument: doc, position: pos(orderStatus, "ask delivery", 5) });
    expect((hover!.contents as MarkupContent).value).toContain("Reached by: `situation` → `completed_not_received` → `person`");
    const def = await c.sendRequest(DefinitionRequest.type, { textDocument: doc, position: pos(orderStatus, "-> who_ordered", 5) });
    expect(def).toMatchObject({ uri: order, range: { start: pos(orderStatus, "node who_ordered", 5) } });
    const refs = await c.sendRequest(ReferencesRequest.type, {
      textDocument: doc,
      position: pos(orderStatus, "{client_name}, уже", 2),
      context: { includeDeclaration: true },
    });
    expect(refs!.map((r) => r.range.start.line)).toEqual([3, 19, 30]);
    const highlights = await c.sendRequest(DocumentHighlightRequest.type, {
      textDocument: doc,
      position: pos(orderStatus, "node who_ordered", 6),
    });
    expect(highlights).toHaveLength(3);
  });

  it("renames with prepareRename, and annotates an option id", async () => {
    const c = server.connection;
    const doc = { uri: order };
    const prepared = await c.sendRequest(PrepareRenameRequest.type, { textDocument: doc, position: pos(orderStatus, "node who_ordered", 6) });
    expect(prepared).toMatchObject({ placeholder: "who_ordered" });
    const edit = (await c.sendRequest(RenameRequest.type, {
      textDocument: doc,
      position: pos(orderStatus, "node who_ordered", 6),
      newName: "customer_kind",
    })) as WorkspaceEdit;
    const change = edit.documentChanges![0] as { edits: TextEdit[] };
    expect(apply(orderStatus, change.edits).match(/customer_kind/g)).toHaveLength(3);
    const option = (await c.sendRequest(RenameRequest.type, {
      textDocument: doc,
      position: pos(orderStatus, "option pickup", 8),
      newName: "self_pickup",
    })) as WorkspaceEdit;
    expect(Object.values(option.changeAnnotations!)[0]!.needsConfirmation).toBe(true);
    await expect(
      c.sendRequest(PrepareRenameRequest.type, { textDocument: doc, position: pos(orderStatus, "-> start", 4) }),
    ).rejects.toThrow(/`start` names the entry/);
  });

  it("gives the outline, folding, formatting and quick fixes", async () => {
    const c = server.connection;
    const doc = { uri: order };
    const symbols = (await c.sendRequest(DocumentSymbolRequest.type, { textDocument: doc })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(["client_name", "order_id", "start", "who_ordered"]);
    const folds = await c.sendRequest(FoldingRangeRequest.type, { textDocument: doc });
    expect(folds!.length).toBeGreaterThan(5);
    const messy = 'flow m   "M"\nsay    "Hello"\n';
    await open(uriOf("messy.flow"), messy);
    const edits = await c.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: uriOf("messy.flow") },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(apply(messy, edits!)).toBe('flow m "M"\n\nsay "Hello"\n');
    const ranged = await c.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri: uriOf("messy.flow") },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(ranged!.length).toBeGreaterThan(0);
    const slips = read("slips.flow");
    const first = check(slips).diagnostics[0]!;
    const range = { start: pos(slips, "who_orderd"), end: pos(slips, "who_orderd", 10) };
    const actions = await c.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf("slips.flow") },
      range,
      // As the editor sends back what the server published: the hint under the message.
      context: {
        diagnostics: [{ range, message: `${first.message}\nhint: ${first.hint}`, code: first.code, source: "flowc", severity: 1 }],
      },
    });
    expect(actions!.map((a) => a.title)).toEqual(["Change `who_orderd` to `who_ordered`", "Create node `who_orderd`"]);
  });

  it("completes a match's values, shows a value's label and adds the missing cases", async () => {
    const c = server.connection;
    const delivery = read("delivery.flow");
    const uri = uriOf("delivery.flow");
    await open(uri, delivery);
    const published = await server.diagnostics(uri);
    expect(published.diagnostics.map((d) => d.code)).toEqual(["non-exhaustive-match"]);
    const items = await c.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: pos(delivery, "  case company", 7),
    });
    expect((Array.isArray(items) ? items : items!.items).map((i) => i.label)).toEqual(["company", "government"]);
    const hover = await c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos(delivery, "case company", 6) });
    expect((hover!.contents as MarkupContent).value).toContain("**value** `company` of input `client_type` — “Юр.лицо”");
    const d = published.diagnostics[0]!;
    const actions = await c.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    expect(actions!.map((a) => a.title)).toEqual(["Add the missing case: `government`"]);
    const edit = (actions![0] as { edit: WorkspaceEdit }).edit;
    const fixed = apply(delivery, (edit.documentChanges![0] as { edits: TextEdit[] }).edits);
    expect(fixed).toContain('  case government { todo "Write what happens when client_type is government" }\n}\n');
    expect(check(fixed).diagnostics.map((x) => x.code)).toEqual(["todo"]);
  });

  it("re-checks incremental edits that break a file and then fix it", async () => {
    const uri = uriOf("edit.flow");
    await open(uri, orderStatus, 1);
    const clean = await server.diagnostics(uri, (p) => p.version === 1);
    expect(clean.diagnostics.map((d) => d.code)).toEqual(["todo"]);
    // Delete the `{` after `node who_ordered`: one syntax error at least.
    const brace = pos(orderStatus, "node who_ordered {", 17);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: brace, end: { line: brace.line, character: brace.character + 1 } }, text: "" }],
    });
    const broken = await server.diagnostics(uri, (p) => p.version === 2);
    expect(broken.diagnostics.some((d) => d.code === "syntax" && d.severity === 1)).toBe(true);
    // Still an outline of the intact parts.
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toContain("start");
    // Put it back, in two keystrokes: a typo, then its fix.
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: brace, end: brace }, text: "[" }],
    });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 4 },
      contentChanges: [{ range: { start: brace, end: { line: brace.line, character: brace.character + 1 } }, text: "{" }],
    });
    const fixed = await server.diagnostics(uri, (p) => p.version === 4);
    expect(fixed.diagnostics.map((d) => d.code)).toEqual(["todo"]);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const closed = await server.diagnostics(uri, (p) => p.diagnostics.length === 0);
    expect(closed.diagnostics).toEqual([]);
  });

  it("answers bad requests with errors and keeps going", async () => {
    const c = server.connection;
    // A document it has not opened.
    const unopened = c.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf("nope.flow") }, position: { line: 0, character: 0 } });
    await expect(unopened).rejects.toMatchObject({ code: -32602, message: expect.stringContaining("is not open") });
    // A position past the end of a line and of the file: clamped, not an error.
    await expect(
      c.sendRequest(HoverRequest.type, { textDocument: { uri: order }, position: { line: 9999, character: 9999 } }),
    ).resolves.toBeNull();
    await expect(
      c.sendRequest(CompletionRequest.type, { textDocument: { uri: order }, position: { line: 3, character: 500 } }),
    ).resolves.toBeDefined();
    // Parameters that are not what the method takes.
    await expect(c.sendRequest("textDocument/hover", { textDocument: { uri: order } })).rejects.toMatchObject({ code: -32602 });
    await expect(c.sendRequest("textDocument/hover", null)).rejects.toBeInstanceOf(ResponseError);
    await expect(c.sendRequest("flowc/noSuchMethod", {})).rejects.toMatchObject({ code: -32601 });
    // Bytes that are not JSON-RPC at all, between two messages.
    server.child.stdin.write("Content-Length: 9\r\n\r\n{not json");
    const after = await c.sendRequest(HoverRequest.type, { textDocument: { uri: order }, position: pos(orderStatus, "ask delivery", 5) });
    expect(after).not.toBeNull();
    expect(server.child.exitCode).toBeNull();
  });

  it("honours cancellation of a request still waiting in the queue", async () => {
    const c = server.connection;
    const requests: Promise<unknown>[] = [];
    const sources: CancellationTokenSource[] = [];
    for (let i = 0; i < 30; i++) {
      const source = new CancellationTokenSource();
      sources.push(source);
      requests.push(
        c.sendRequest(ReferencesRequest.type, {
          textDocument: { uri: order },
          position: pos(orderStatus, "node who_ordered", 6),
          context: { includeDeclaration: true },
        }, source.token).then(
          () => "answered",
          (e: ResponseError<unknown>) => e.code,
        ),
      );
    }
    sources[sources.length - 1]!.cancel();
    const outcomes = await Promise.all(requests);
    expect(outcomes[outcomes.length - 1]).toBe(-32800);
    expect(outcomes[0]).toBe("answered");
  });

  it("exits when the editor shuts it down, and when the editor disappears", async () => {
    const polite = startServer();
    await polite.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    await polite.connection.sendRequest(ShutdownRequest.type);
    await polite.connection.sendNotification(ExitNotification.type);
    expect(await polite.exited).toBe(0);

    const abandoned = startServer();
    await abandoned.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    abandoned.child.stdin.end();
    const code = await Promise.race([abandoned.exited, new Promise((r) => setTimeout(() => r("hung"), 10_000))]);
    expect(code).toBe(1);
    expect(abandoned.stderr()).not.toMatch(/at .*\.js:\d+/);
    abandoned.connection.dispose();
  });
});

function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split("\n");
  return [before.length, before[before.length - 1]!.length + 1];
}
