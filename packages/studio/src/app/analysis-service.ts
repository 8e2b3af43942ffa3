// Compiles the open flow in the studio's worker (studio.worker.ts): the
// definition the preview plays, every path through the flow and, when the
// diagram tab is open, the diagram (Mermaid text and where each element comes
// from). Requests arrive with every edit; only the newest is worked on, and a
// stage is dropped as soon as a newer text is waiting.
import { ChangeSet, Text } from "@codemirror/state";
import { compileChecked, diagramPlaces, findPaths, toMermaid } from "@flowc/dsl";
import type { AnalysisRequest, AnalysisResult } from "./analysis-types.js";
import { checkOnce } from "./check-once.js";

/** A path list longer than this is cut: it is for clicking through, not for review (`flowc paths` has them all). */
const MAX_PATHS = 500;

interface Job {
  readonly seq: number;
  readonly path: string;
  readonly diagram: boolean;
}

/** Each file's text as the page has it. */
const docs = new Map<string, Text>();
/** The hash of the definition last sent for each file. */
const sent = new Map<string, string | null>();
let waiting: Job | null = null;
let working = false;

/** A request from the page (analysis.ts). */
export function analysisRequest(request: AnalysisRequest): void {
  if ("text" in request) {
    docs.set(request.path, Text.of(request.text.split(/\r\n?|\n/)));
    // A file (re)opened: the page's preview starts from a full definition.
    sent.delete(request.path);
  }
  else if ("changes" in request) {
    const doc = docs.get(request.path);
    if (doc !== undefined) docs.set(request.path, ChangeSet.fromJSON(request.changes).apply(doc));
  }
  waiting = { seq: request.seq, path: request.path, diagram: request.diagram };
  if (!working) void work();
}

async function work(): Promise<void> {
  working = true;
  while (waiting !== null) {
    const request = waiting;
    waiting = null;
    await analyze(request);
  }
  working = false;
}

const post = (result: AnalysisResult) => (self as unknown as Worker).postMessage(result);
/** Let messages that arrived meanwhile in; true when a newer text is waiting. */
const superseded = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(waiting !== null), 0));

async function analyze({ seq, path, diagram }: Job): Promise<void> {
  const doc = docs.get(path);
  if (doc === undefined) return;
  const text = doc.toString();
  const started = performance.now();
  // Checked under the name the language server gives the file (its URI's last part), so one check serves both.
  const compiled = compileChecked(checkOnce(text, path.slice(path.lastIndexOf("/") + 1)), { allowErrors: true });
  const hash = compiled.definition?.hash ?? null;
  const unchanged = sent.has(path) && sent.get(path) === hash && hash !== null;
  sent.set(path, hash);
  post({
    stage: "compiled",
    seq,
    path,
    definition: unchanged ? "unchanged" : compiled.definition,
    errors: compiled.errors,
    warnings: compiled.warnings,
    ms: performance.now() - started,
  });
  if (await superseded()) return;
  const paths = findPaths(compiled, { maxPaths: MAX_PATHS });
  post({
    stage: "paths",
    seq,
    path,
    paths: paths.paths.map((p) => ({
      choices: p.choices,
      values: Object.fromEntries(
        p.items.flatMap((i) => (i.kind === "match" && i.values[0] !== undefined ? [[i.input, i.values[0].id]] : [])),
      ),
      summary: p.items.flatMap((i) =>
        i.kind === "ask"
          ? [i.answer]
          : i.kind === "match" && i.values[0] !== undefined
            ? [`${i.input} = ${i.values[0].label ?? i.values[0].id}`]
            : [],
      ),
      end: p.end.kind,
    })),
    truncated: paths.truncated !== null,
  });
  if (!diagram || (await superseded())) return;
  post({
    stage: "diagram",
    seq,
    path,
    mermaid: toMermaid(compiled),
    places: diagramPlaces(compiled).map((p) => ({ id: p.id, kind: p.kind, from: p.span.start, to: p.span.end })),
  });
}
