import { type Diagnostic as LintDiagnostic, type Action, setDiagnostics } from "@codemirror/lint";
import {
  findReferencesKeymap,
  formatKeymap,
  hoverTooltips,
  jumpToDefinitionKeymap,
  LSPClient,
  LSPPlugin,
  renameKeymap,
  serverCompletion,
  serverDiagnostics,
  type Transport,
} from "@codemirror/lsp-client";
import type { Extension } from "@codemirror/state";
import { type EditorView, keymap } from "@codemirror/view";
import type { StudioWorkerMessage } from "./analysis-types.js";

/**
 * The language server in the studio's Web Worker, and the CodeMirror client that talks to
 * it: diagnostics (with the server's quick fixes as actions), completion,
 * hover, go to definition (F12), rename (F2), references (Shift+F12) and
 * format (Shift+Alt+F). LSP messages cross as plain objects (postMessage);
 * the client speaks JSON strings, so they are parsed and printed here.
 */

interface LspPosition {
  line: number;
  character: number;
}
interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
interface LspDiagnostic {
  range: LspRange;
  severity?: number;
  code?: string | number;
  message: string;
}
interface TextEdit {
  range: LspRange;
  newText: string;
}
interface CodeAction {
  title: string;
  edit?: { changes?: Record<string, TextEdit[]> };
}

/** Start the language server in the studio's worker (studio.worker.ts), talking LSP over a channel of its own. */
export function startLanguageServer(worker: Worker): LSPClient {
  const channel = new MessageChannel();
  worker.postMessage({ languageServer: channel.port2 } satisfies StudioWorkerMessage, [channel.port2]);
  const port = channel.port1;
  const handlers = new Set<(value: string) => void>();
  port.onmessage = (event: MessageEvent) => {
    const message = JSON.stringify(event.data);
    for (const handler of handlers) handler(message);
  };
  const transport: Transport = {
    send: (message) => port.postMessage(JSON.parse(message)),
    subscribe: (handler) => handlers.add(handler),
    unsubscribe: (handler) => handlers.delete(handler),
  };
  const client = new LSPClient({
    rootUri: "file:///",
    // The client's default (3 s) fails requests on a busy machine or a big flow; a late answer is better than an error.
    timeout: 15_000,
    notificationHandlers: {
      "textDocument/publishDiagnostics": (c, params: { uri: string; version?: number; diagnostics: LspDiagnostic[] }) =>
        showDiagnostics(c, params),
    },
    extensions: [
      serverCompletion(),
      hoverTooltips(),
      keymap.of([...formatKeymap, ...renameKeymap, ...jumpToDefinitionKeymap, ...findReferencesKeymap]),
      // Its handler is overridden above; it keeps the document in sync and declares the capability.
      serverDiagnostics(),
    ],
  });
  client.connect(transport);
  return client;
}

/** The editor extension for one open file. */
export function languageServerFor(client: LSPClient, uri: string): Extension {
  return client.plugin(uri, "flow");
}

const SEVERITY = ["error", "error", "warning", "info", "hint"] as const;

/**
 * Draw the server's diagnostics, each with the quick fixes the server offers
 * for it (asked for once per check, after the diagnostics are on screen, so a
 * marker never waits for its fixes).
 */
function showDiagnostics(
  client: LSPClient,
  params: { uri: string; version?: number; diagnostics: LspDiagnostic[] },
): boolean {
  const file = client.workspace.getFile(params.uri);
  if (!file || (params.version != null && params.version !== file.version)) return false;
  const view = file.getView();
  const plugin = view && LSPPlugin.get(view);
  if (!view || !plugin) return false;
  const version = file.version;
  const draw = (actions: readonly (readonly CodeAction[])[]) => {
    const lint: LintDiagnostic[] = params.diagnostics.map((d, i) => ({
      from: plugin.unsyncedChanges.mapPos(plugin.fromPosition(d.range.start, plugin.syncedDoc)),
      to: plugin.unsyncedChanges.mapPos(plugin.fromPosition(d.range.end, plugin.syncedDoc)),
      severity: SEVERITY[d.severity ?? 1] ?? "error",
      source: d.code === undefined ? undefined : String(d.code),
      message: d.message,
      actions: (actions[i] ?? []).map((a) => quickFix(a, params.uri)),
    }));
    view.dispatch(setDiagnostics(view.state, lint));
  };
  draw([]);
  // Quick fixes for the first diagnostics only: a file with hundreds of errors needs its first ones fixed first.
  const asked = params.diagnostics.slice(0, 50);
  if (asked.length === 0) return true;
  void Promise.all(
    asked.map((d) =>
      client
        .request<unknown, CodeAction[] | null>("textDocument/codeAction", {
          textDocument: { uri: params.uri },
          range: d.range,
          context: { diagnostics: [d] },
        })
        .catch(() => null),
    ),
  ).then((answers) => {
    if (client.workspace.getFile(params.uri)?.version !== version) return;
    if (answers.some((a) => a !== null && a.length > 0)) draw(answers.map((a) => a ?? []));
  });
  return true;
}

function quickFix(action: CodeAction, uri: string): Action {
  return {
    name: action.title,
    apply(view: EditorView) {
      const plugin = LSPPlugin.get(view);
      const edits = action.edit?.changes?.[uri];
      if (!plugin || !edits) return;
      view.dispatch({
        changes: edits.map((e) => ({
          from: plugin.unsyncedChanges.mapPos(plugin.fromPosition(e.range.start, plugin.syncedDoc)),
          to: plugin.unsyncedChanges.mapPos(plugin.fromPosition(e.range.end, plugin.syncedDoc)),
          insert: e.newText,
        })),
        userEvent: "quickfix",
      });
    },
  };
}
