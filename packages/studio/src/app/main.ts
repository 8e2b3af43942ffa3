/**
 * The studio: the flows of a folder in a sidebar, the open one in CodeMirror
 * with the language server (in a worker), and beside it the flow playing
 * (preview), its diagram and its paths — all following the text as it is
 * typed. Compiling for those runs in the same worker (analysis.ts), so the
 * page's own thread only draws.
 */
import "@flowc/views/style.css";
import "./style.css";
import type { ChangeSet, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { h } from "@flowc/views";
import type { AnalysisResult, Place } from "./analysis-types.js";
import { Analysis } from "./analysis.js";
import { Diagram } from "./diagram.js";
import { editorState } from "./editor.js";
import { ChangedOnDiskError, createBackend, type FileBackend } from "./files/index.js";
import { languageServerFor, startLanguageServer } from "./lsp.js";
import { renderPaths } from "./paths.js";
import { Preview } from "./preview.js";

interface OpenFile {
  readonly path: string;
  /** The file's mtime when read or last saved; null: a new file, not on disk yet. */
  mtime: number | null;
  state: EditorState;
  /** The text as on disk (for the unsaved marker). */
  saved: EditorState["doc"];
}

const backend: FileBackend = createBackend();
const files = new Map<string, OpenFile>();
let listed: { path: string; mtime: number }[] = [];
let current: OpenFile | null = null;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const fileList = $("file-list");
const title = $("file-title");
const status = $("status");
const banner = $("banner");

// One worker runs the language server and the analysis; one check of each text serves both (studio.worker.ts).
const worker = new Worker(new URL("./studio.worker.ts", import.meta.url), { type: "module" });
const client = startLanguageServer(worker);
let tab = "preview";
const analysis = new Analysis(worker, showAnalysis, () => tab === "diagram");
const preview = new Preview($("preview"));
const diagram = new Diagram($("diagram"), { onPick: moveCursorTo });

const view = new EditorView({ parent: $("editor") });

const uriOf = (path: string) => `file:///${path.split("/").map(encodeURIComponent).join("/")}`;
const isDirty = (f: OpenFile) => !f.state.doc.eq(f.saved);

const events = {
  save: () => void save(),
  changed(state: EditorState, changes: ChangeSet) {
    if (current === null) return;
    const wasDirty = isDirty(current);
    current.state = state;
    if (isDirty(current) !== wasDirty) renderFiles();
    // For benchmarks (a browser's performance timeline): from an edit to the preview that follows it.
    performance.clearMarks("flowc:edit");
    performance.mark("flowc:edit");
    analysis.edit(current.path, changes);
  },
  cursor: (offset: number) => diagram.highlightAt(offset),
};

// ---------------------------------------------------------------------------
// Files

async function refreshList(): Promise<void> {
  listed = await backend.list();
  renderFiles();
}

function renderFiles(): void {
  const paths = new Set(listed.map((f) => f.path));
  for (const f of files.values()) paths.add(f.path);
  fileList.replaceChildren(
    ...[...paths].sort().map((path) => {
      const open = files.get(path);
      const dirty = open !== undefined && isDirty(open);
      const button = h(
        "button",
        { type: "button", class: "file", "aria-current": current?.path === path ? "page" : null, "data-path": path },
        h("span", { class: "file-name" }, path),
        dirty ? h("span", { class: "unsaved", title: "Unsaved changes", "aria-label": "unsaved" }, "●") : null,
      );
      button.addEventListener("click", () => void openFile(path));
      return h("li", {}, button);
    }),
  );
  title.textContent = current === null ? "No file open" : current.path + (isDirty(current) ? " ●" : "");
  document.title = current === null ? "flowc studio" : `${isDirty(current) ? "● " : ""}${current.path} — flowc studio`;
}

async function openFile(path: string): Promise<void> {
  if (current !== null) current.state = view.state;
  let file = files.get(path);
  if (file === undefined) {
    const { text, mtime } = await backend.read(path);
    const state = editorState(text, languageServerFor(client, uriOf(path)), events);
    file = { path, mtime, state, saved: state.doc };
    files.set(path, file);
  }
  current = file;
  view.setState(file.state);
  hideBanner();
  renderFiles();
  analysis.open(path, file.state.doc.toString());
  view.focus();
}

async function newFile(): Promise<void> {
  const name = window.prompt("Name of the new flow (e.g. refunds.flow):", "new.flow");
  if (name === null || name.trim() === "") return;
  const path = name.trim().endsWith(".flow") ? name.trim() : `${name.trim()}.flow`;
  if (files.has(path) || listed.some((f) => f.path === path)) return openFile(path);
  const id = path.replace(/\.flow$/, "").replace(/.*\//, "").replace(/[^\p{L}\p{N}_]+/gu, "_") || "new_flow";
  const text = `flow ${id} "${id}"\n\nsay "Hello!"\n`;
  if (current !== null) current.state = view.state;
  const state = editorState("", languageServerFor(client, uriOf(path)), events);
  const file: OpenFile = { path, mtime: null, state, saved: state.doc };
  files.set(path, file);
  current = file;
  view.setState(state);
  analysis.open(path, "");
  view.dispatch({ changes: { from: 0, insert: text } });
  renderFiles();
  view.focus();
}

async function save(overwrite = false): Promise<void> {
  const file = current;
  if (file === null) return;
  file.state = view.state;
  const doc = file.state.doc;
  try {
    const { mtime } = await backend.write(file.path, doc.toString(), overwrite ? await diskMtime(file.path) : file.mtime);
    file.mtime = mtime;
    file.saved = doc;
    hideBanner();
    setStatus(`Saved ${file.path}.`);
    await refreshList();
  } catch (error) {
    if (error instanceof ChangedOnDiskError) {
      showBanner(`${file.path} changed on disk since it was opened.`, [
        ["Overwrite it with mine", () => void save(true)],
        ["Load the disk's version", () => void reload(file)],
      ]);
    } else showBanner(`Could not save ${file.path}: ${error instanceof Error ? error.message : String(error)}`, []);
  }
}

async function diskMtime(path: string): Promise<number | null> {
  return (await backend.list()).find((f) => f.path === path)?.mtime ?? null;
}

/** Replace the editor's text with the disk's (one undoable change, so nothing is lost for good). */
async function reload(file: OpenFile): Promise<void> {
  const { text, mtime } = await backend.read(file.path);
  file.mtime = mtime;
  if (current === file) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: "reload" });
    file.state = view.state;
  }
  file.saved = file.state.doc;
  hideBanner();
  setStatus(`Reloaded ${file.path} from disk.`);
  renderFiles();
}

backend.onChange((path, mtime) => {
  void refreshList();
  const file = files.get(path);
  if (file === undefined || mtime === file.mtime) return;
  if (current === file) file.state = view.state;
  if (mtime === null) {
    showBanner(`${path} was deleted on disk. Ctrl+S saves it again.`, []);
    file.mtime = null;
    return;
  }
  if (!isDirty(file)) void reload(file);
  else
    showBanner(`${path} changed on disk, and you have unsaved changes.`, [
      ["Load the disk's version", () => void reload(file)],
      ["Keep mine", () => hideBanner()],
    ]);
});

// ---------------------------------------------------------------------------
// Analysis results: preview, diagram, paths, status line

/** The newest paths, drawn when their tab is open. */
let paths: Extract<AnalysisResult, { stage: "paths" }> | null = null;
let pathsDrawn = true;
/** The diagram is of the newest text. */
let diagramFresh = false;

function showAnalysis(result: AnalysisResult): void {
  if (current === null || result.path !== current.path) return;
  switch (result.stage) {
    case "compiled": {
      diagramFresh = false;
      if (result.definition === "unchanged") preview.errorsChanged(result.errors);
      else preview.update(result.definition, result.errors);
      if (performance.getEntriesByName("flowc:edit", "mark").length > 0) {
        performance.clearMeasures("flowc:edit-to-preview");
        performance.measure("flowc:edit-to-preview", "flowc:edit");
      }
      const problems =
        result.errors + result.warnings === 0
          ? "No problems."
          : `${result.errors} error${result.errors === 1 ? "" : "s"}, ${result.warnings} warning${result.warnings === 1 ? "" : "s"}.`;
      setStatus(problems);
      status.dataset.errors = String(result.errors);
      return;
    }
    case "paths":
      paths = result;
      pathsDrawn = false;
      if (tab === "paths") drawPaths();
      return;
    case "diagram":
      diagramFresh = true;
      diagram.update(result.mermaid, result.places);
  }
}

function drawPaths(): void {
  if (paths === null || pathsDrawn) return;
  pathsDrawn = true;
  renderPaths($("paths"), paths.paths, paths.truncated, (path) => {
    selectTab("preview");
    preview.playPath(path.choices, path.values);
  });
}

function moveCursorTo(place: Place): void {
  const at = Math.min(place.from, view.state.doc.length);
  view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
  view.focus();
}

// ---------------------------------------------------------------------------
// Frame: tabs, banner, status

function selectTab(name: string): void {
  tab = name;
  for (const tab of document.querySelectorAll<HTMLButtonElement>("[role=tab]")) {
    const on = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(on));
    $(tab.getAttribute("aria-controls")!).hidden = !on;
  }
  diagram.show(name === "diagram");
  if (name === "diagram" && !diagramFresh) analysis.again();
  if (name === "paths") drawPaths();
}

for (const tab of document.querySelectorAll<HTMLButtonElement>("[role=tab]")) {
  tab.addEventListener("click", () => selectTab(tab.dataset.tab!));
}
$("new-file").addEventListener("click", () => void newFile());
if (backend.open !== undefined) {
  const openButton = $("open-files");
  openButton.hidden = false;
  openButton.addEventListener("click", async () => {
    const added = await backend.open!();
    await refreshList();
    if (added[0] !== undefined) await openFile(added[0]);
  });
}
window.addEventListener("beforeunload", (event) => {
  if ([...files.values()].some((f) => (f === current ? !view.state.doc.eq(f.saved) : isDirty(f)))) event.preventDefault();
});

function setStatus(text: string): void {
  status.textContent = text;
}

function showBanner(text: string, actions: [string, () => void][]): void {
  banner.replaceChildren(
    h("span", {}, text),
    ...actions.map(([label, run]) => {
      const b = h("button", { type: "button", class: "button small" }, label);
      b.addEventListener("click", run);
      return b;
    }),
  );
  banner.hidden = false;
}

function hideBanner(): void {
  banner.hidden = true;
  banner.replaceChildren();
}

// ---------------------------------------------------------------------------

selectTab("preview");
refreshList()
  .then(() => {
    const wanted = new URLSearchParams(location.search).get("file");
    const first = listed.find((f) => f.path === wanted) ?? listed[0];
    if (first !== undefined) return openFile(first.path);
    renderFiles();
  })
  .catch((error: unknown) => showBanner(error instanceof Error ? error.message : String(error), []));
