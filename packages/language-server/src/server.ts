import * as service from "@flowc/dsl/service";
import type { FlowDocument } from "@flowc/dsl/service";
import type {
  CancellationToken,
  ClientCapabilities,
  Connection,
  ConnectionStrategy,
  Message,
  ResponseMessage,
  InitializeResult,
  TextDocuments,
  WorkspaceEdit,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

/**
 * The flow language server: LSP over any connection (stdio in node.ts, a
 * Web Worker's messages in browser.ts), answering every request from the
 * language service (@flowc/dsl/service).
 *
 * - Documents sync incrementally; each version is checked at most once and
 *   every request reads that one check.
 * - Re-checks after edits are throttled per document: the first change
 *   after a quiet spell is checked at once (a single keystroke shows its
 *   result as soon as it can), and changes arriving faster than `debounceMs`
 *   are gathered into one check of the newest text.
 * - A request cancelled before it runs is answered with RequestCancelled;
 *   one for a document the server has not opened, or with parameters it
 *   cannot read, gets an error response. Nothing a client sends stops the server.
 */

/** The parts of vscode-languageserver an entry passes in (its node or its browser build). */
export interface LspRuntime {
  readonly TextDocuments: new (configuration: typeof TextDocument) => TextDocuments<TextDocument>;
  readonly ResponseError: typeof import("vscode-languageserver").ResponseError;
}

export interface ServerOptions {
  /** The least time between two checks of one document while it is being edited (default 150 ms). */
  readonly debounceMs?: number;
  /**
   * How a document's text is checked (default @flowc/dsl's `check`). A host
   * that checks the same texts for itself (the studio compiles them for its
   * preview) passes a function that reuses its results, so each text is
   * checked once.
   */
  readonly check?: service.CheckText;
}

/** LSP error codes used here (from the specification). */
const INVALID_PARAMS = -32602;
const REQUEST_FAILED = -32803;
const REQUEST_CANCELLED = -32800;

/**
 * Answers a request that the client cancelled while it was still waiting in
 * the queue, without running it (vscode-languageserver's default runs it).
 */
export const CONNECTION_STRATEGY: ConnectionStrategy = {
  cancelUndispatched(message: Message): ResponseMessage {
    const request = message as { id?: number | string | null; method?: string };
    return {
      jsonrpc: "2.0",
      id: request.id ?? null,
      error: { code: REQUEST_CANCELLED, message: `${request.method ?? "the request"} was cancelled` },
    };
  },
};

interface DocState {
  analysis: FlowDocument | null;
  timer: ReturnType<typeof setTimeout> | null;
  lastCheck: number;
}

export function startFlowServer(connection: Connection, lsp: LspRuntime, options: ServerOptions = {}): void {
  const documents = new lsp.TextDocuments(TextDocument);
  const states = new Map<string, DocState>();
  let debounceMs = options.debounceMs ?? 150;
  let client: ClientCapabilities = {};

  class RequestError extends Error {
    constructor(
      readonly code: number,
      message: string,
    ) {
      super(message);
    }
  }

  /** The current version's analysis, made now if the newest edit has not been checked yet. */
  function analysisOf(uri: unknown): FlowDocument {
    if (typeof uri !== "string") throw new RequestError(INVALID_PARAMS, "textDocument.uri is missing");
    const doc = documents.get(uri);
    if (doc === undefined) throw new RequestError(INVALID_PARAMS, `the document ${uri} is not open`);
    const state = stateOf(uri);
    if (state.analysis === null || state.analysis.version !== doc.version) {
      state.analysis = service.analyze(doc.getText(), uri, doc.version, options.check);
    }
    return state.analysis;
  }

  function stateOf(uri: string): DocState {
    let state = states.get(uri);
    if (state === undefined) {
      state = { analysis: null, timer: null, lastCheck: 0 };
      states.set(uri, state);
    }
    return state;
  }

  function publish(uri: string): void {
    const doc = documents.get(uri);
    const state = states.get(uri);
    if (doc === undefined || state === undefined) return;
    state.timer = null;
    state.lastCheck = Date.now();
    const analysis = analysisOf(uri);
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [...service.diagnostics(analysis)] });
  }

  function scheduleCheck(uri: string): void {
    const state = stateOf(uri);
    if (state.timer !== null) return; // a check of the newest text is already coming
    const wait = Math.max(0, state.lastCheck + debounceMs - Date.now());
    state.timer = setTimeout(() => {
      try {
        publish(uri);
      } catch (error) {
        connection.console.error(`flowc: checking ${uri} failed: ${describe(error)}`);
      }
    }, wait);
  }

  /** Every request goes through here: cancellation, missing documents and internal errors become error responses. */
  function handle<P, R>(name: string, run: (params: P) => R) {
    return (params: P, token?: CancellationToken) => {
      if (token?.isCancellationRequested) return new lsp.ResponseError(REQUEST_CANCELLED, `${name} was cancelled`);
      try {
        if (params === null || typeof params !== "object") throw new RequestError(INVALID_PARAMS, `${name}: no parameters`);
        return run(params);
      } catch (error) {
        if (error instanceof RequestError) return new lsp.ResponseError(error.code, error.message);
        connection.console.error(`flowc: ${name} failed: ${describe(error)}`);
        return new lsp.ResponseError(REQUEST_FAILED, `flowc: ${name} failed: ${describe(error)} (this is a bug in flowc)`);
      }
    };
  }

  type DocParams = { textDocument: { uri: string } };
  type PosParams = DocParams & { position: { line: number; character: number } };
  const position = (p: PosParams) => {
    const pos = p.position;
    if (pos === undefined || typeof pos.line !== "number" || typeof pos.character !== "number") {
      throw new RequestError(INVALID_PARAMS, "position is missing or not a {line, character}");
    }
    return pos;
  };

  /** Shapes a workspace edit for what the client can apply. */
  function forClient(edit: service.LspWorkspaceEdit): WorkspaceEdit {
    const caps = client.workspace?.workspaceEdit;
    if (caps?.documentChanges !== true) {
      const changes: Record<string, { range: service.LspRange; newText: string }[]> = {};
      for (const change of edit.documentChanges) {
        changes[change.textDocument.uri] = change.edits.map((e) => ({ range: e.range, newText: e.newText }));
      }
      return { changes };
    }
    if (caps.changeAnnotationSupport === undefined) {
      return {
        documentChanges: edit.documentChanges.map((c) => ({
          textDocument: c.textDocument,
          edits: c.edits.map((e) => ({ range: e.range, newText: e.newText })),
        })),
      };
    }
    return edit as WorkspaceEdit;
  }

  connection.onInitialize((params): InitializeResult => {
    client = params.capabilities ?? {};
    const init = params.initializationOptions as { debounceMs?: unknown } | undefined;
    if (typeof init?.debounceMs === "number" && init.debounceMs >= 0) debounceMs = init.debounceMs;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: 2 /* incremental */ },
        completionProvider: { triggerCharacters: [">", "{"] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentHighlightProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ["quickfix"] },
      },
      serverInfo: { name: "flowc" },
    };
  });

  documents.onDidOpen((e) => {
    // Opening shows the diagnostics at once; only edits are throttled.
    stateOf(e.document.uri).lastCheck = 0;
    scheduleCheck(e.document.uri);
  });
  documents.onDidChangeContent((e) => scheduleCheck(e.document.uri));
  documents.onDidClose((e) => {
    const state = states.get(e.document.uri);
    if (state?.timer) clearTimeout(state.timer);
    states.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion(
    handle("completion", (p: PosParams) => [...service.completions(analysisOf(p.textDocument?.uri), position(p))]),
  );
  connection.onHover(handle("hover", (p: PosParams) => service.hover(analysisOf(p.textDocument?.uri), position(p))));
  connection.onDefinition(
    handle("definition", (p: PosParams) => service.definition(analysisOf(p.textDocument?.uri), position(p))),
  );
  connection.onReferences(
    handle("references", (p: PosParams & { context?: { includeDeclaration?: boolean } }) =>
      service.references(analysisOf(p.textDocument?.uri), position(p), p.context?.includeDeclaration !== false),
    ),
  );
  connection.onDocumentHighlight(
    handle("documentHighlight", (p: PosParams) =>
      service.documentHighlights(analysisOf(p.textDocument?.uri), position(p)),
    ),
  );
  connection.onPrepareRename(
    handle("prepareRename", (p: PosParams) => {
      const answer = service.prepareRename(analysisOf(p.textDocument?.uri), position(p));
      if ("reason" in answer) throw new RequestError(REQUEST_FAILED, answer.reason);
      return answer;
    }),
  );
  connection.onRenameRequest(
    handle("rename", (p: PosParams & { newName: string }) => {
      if (typeof p.newName !== "string") throw new RequestError(INVALID_PARAMS, "newName is missing");
      const answer = service.rename(analysisOf(p.textDocument?.uri), position(p), p.newName);
      if ("reason" in answer) throw new RequestError(REQUEST_FAILED, answer.reason);
      return forClient(answer.edit);
    }),
  );
  connection.onDocumentSymbol(
    handle("documentSymbol", (p: DocParams) => service.documentSymbols(analysisOf(p.textDocument?.uri))),
  );
  connection.onFoldingRanges(
    handle("foldingRange", (p: DocParams) => service.foldingRanges(analysisOf(p.textDocument?.uri))),
  );
  connection.onDocumentFormatting(
    handle("formatting", (p: DocParams) => service.formatDocument(analysisOf(p.textDocument?.uri))),
  );
  connection.onDocumentRangeFormatting(
    handle("rangeFormatting", (p: DocParams & { range: service.LspRange }) => {
      if (p.range?.start === undefined || p.range?.end === undefined) {
        throw new RequestError(INVALID_PARAMS, "range is missing");
      }
      return service.formatRange(analysisOf(p.textDocument?.uri), p.range);
    }),
  );
  connection.onCodeAction(
    handle("codeAction", (p: DocParams & { range: service.LspRange; context?: { diagnostics?: service.ContextDiagnostic[] } }) => {
      if (p.range?.start === undefined || p.range?.end === undefined) {
        throw new RequestError(INVALID_PARAMS, "range is missing");
      }
      const doc = analysisOf(p.textDocument?.uri);
      const context = (p.context?.diagnostics ?? []).filter((d) => (d as { source?: string }).source === "flowc");
      return service.codeActions(doc, p.range, context).map((a) => ({ ...a, edit: forClient(a.edit) }));
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
