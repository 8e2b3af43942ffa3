// Compiles the open flow off the page's thread: the definition the preview
// plays, the diagram (Mermaid text and where each element comes from) and
// every path through the flow. One request at a time; analysis.ts sends only
// the newest text.
import { compile, diagramPlaces, findPaths, toMermaid } from "@flowc/dsl";
import type { AnalysisRequest, AnalysisResult } from "./analysis-types.js";

/** A path list longer than this is cut: it is for clicking through, not for review (`flowc paths` has them all). */
const MAX_PATHS = 500;

self.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const { seq, path, text } = event.data;
  const started = performance.now();
  const compiled = compile(text, path, { allowErrors: true });
  const paths = findPaths(compiled, { maxPaths: MAX_PATHS });
  const result: AnalysisResult = {
    seq,
    path,
    definition: compiled.definition,
    errors: compiled.errors,
    warnings: compiled.warnings,
    mermaid: toMermaid(compiled),
    places: diagramPlaces(compiled).map((p) => ({
      id: p.id,
      kind: p.kind,
      from: p.span.start,
      to: p.span.end,
    })),
    paths: paths.paths.map((p) => ({
      choices: p.choices,
      summary: p.items.flatMap((i) => (i.kind === "ask" ? [i.answer] : [])),
      end: p.end.kind,
    })),
    truncated: paths.truncated !== null,
    problems: compiled.diagnostics.slice(0, 200).map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      from: d.span.start,
    })),
    ms: performance.now() - started,
  };
  (self as unknown as Worker).postMessage(result);
};
