import type { FlowFile } from "../ast/types.js";
import { type Diagnostic, sortDiagnostics } from "../diagnostics.js";
import { createSource } from "../source.js";
import { parseSource } from "../syntax/parse.js";
import { layoutFile } from "./layout.js";
import { compareFiles, sameComments } from "./verify.js";

export interface FormatResult {
  /** The file in the canonical style, or null when it has syntax errors. */
  readonly text: string | null;
  /** The syntax-level diagnostics (why the file was not formatted, when text is null). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Prints a flow in the canonical style. A file with syntax errors is not
 * formatted: guessing what a broken file meant could lose the author's text.
 *
 * The result is parsed again and compared with the original (the AST
 * without positions, every decoded text, every comment). A re-indented
 * `"""` text whose value would change is printed exactly as written
 * instead; any other difference is a formatter bug and throws.
 */
export function formatFlow(text: string, path = "<input>"): FormatResult {
  const parsed = parseFile(text, path);
  if (parsed.diagnostics.some((d) => d.severity === "error")) {
    return { text: null, diagnostics: parsed.diagnostics };
  }
  const verbatim = new Set<number>();
  for (;;) {
    const out = layoutFile(parsed.src, parsed.file, { verbatimTexts: verbatim });
    const again = parseFile(out, path);
    const problem = again.diagnostics.find((d) => d.severity === "error");
    if (problem === undefined) {
      const cmp = compareFiles(parsed.file, again.file);
      const fresh = cmp.changedTriples.filter((at) => !verbatim.has(at));
      if (fresh.length > 0) {
        // Print these exactly as written and try again (at most once per text).
        for (const at of fresh) verbatim.add(at);
        continue;
      }
      if (cmp.same && cmp.changedTriples.length === 0 && sameComments(parsed.file.comments, again.file.comments)) {
        return { text: out, diagnostics: parsed.diagnostics };
      }
    }
    throw new Error(
      `internal error: formatting ${path} would change its meaning or lose a comment` +
        (problem ? ` (${problem.message})` : "") +
        "; the file was left as it is. Please report this with the file.",
    );
  }
}

function parseFile(text: string, path: string): { src: string; file: FlowFile; diagnostics: Diagnostic[] } {
  const source = createSource(path, text);
  const { file, diagnostics } = parseSource(source);
  return { src: source.text, file, diagnostics: sortDiagnostics(diagnostics) };
}
