import { check, type CheckResult } from "@flowc/dsl";

/**
 * The studio's worker checks each text for two readers: the language server
 * (diagnostics, completion, …) and the analysis (the preview's definition,
 * the paths, the diagram). The last check is kept, and checking the same text
 * under the same name again gives it back: opening a file, or pausing after
 * an edit, costs one check of the flow instead of two.
 */
let last: { readonly text: string; readonly path: string; readonly result: CheckResult } | null = null;

export function checkOnce(text: string, path: string): CheckResult {
  if (last === null || last.text !== text || last.path !== path) last = { text, path, result: check(text, path) };
  return last.result;
}
