import type { FlowDocument } from "./document.js";
import type { LspDiagnostic } from "./types.js";

/**
 * What `flowc check` reports for the document — the same codes, ranges,
 * messages and hints — as LSP diagnostics. The hint goes on its own line
 * under the message (LSP has no field for it) and in `data` for the quick fixes.
 */
export function diagnostics(doc: FlowDocument): LspDiagnostic[] {
  return doc.result.diagnostics.map((d) => {
    const related = d.related.map((r) => ({
      location: { uri: doc.uri, range: doc.positions.range(r.span) },
      message: r.message,
    }));
    const data = {
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
      ...(d.reachedBy !== undefined ? { reachedBy: d.reachedBy } : {}),
    };
    return {
      range: doc.positions.range(d.span),
      severity: d.severity === "error" ? 1 : 2,
      code: d.code,
      source: "flowc",
      message: d.hint !== undefined ? `${d.message}\nhint: ${d.hint}` : d.message,
      ...(related.length > 0 ? { relatedInformation: related } : {}),
      ...(Object.keys(data).length > 0 ? { data } : {}),
    };
  });
}
