import type { CheckResult, Code } from "@flowc/dsl";
import type { Dsl } from "./dsl.js";
import type { FlowSource } from "./files.js";
import type { CliIO } from "./io.js";
import { createStyle, plural, useColor } from "./output.js";

/**
 * For commands whose stdout is a product (`graph`, `paths`): check the file
 * and say on stderr what is wrong with it, so the product stays clean.
 *
 * Errors are shown in full, warnings only counted (the diagram already marks
 * them, and `flowc check` lists them). Returns the check result, or null when
 * the file has syntax-level errors: then there is nothing sound to draw or walk.
 */
const SYNTAX_LEVEL: ReadonlySet<Code> = new Set<Code>([
  "syntax",
  "invalid-string",
  "reserved-word",
  "too-deep",
]);

export function checkForOutput(
  dsl: Dsl,
  io: CliIO,
  src: FlowSource,
  what: string,
): CheckResult | null {
  let result: CheckResult;
  try {
    result = dsl.check(src.text, src.file);
  } catch (error) {
    // The checker never throws on user input; a throw is a bug, reported with the file.
    throw new Error(
      `while checking ${src.file}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
  const color = useColor(io);
  const s = createStyle(color);
  const syntax = result.diagnostics.filter(
    (d) => d.severity === "error" && SYNTAX_LEVEL.has(d.code),
  );
  if (syntax.length > 0) {
    let out = "";
    for (const d of syntax)
      out += `${dsl.formatDiagnostic(d, result.source, { color })}\n\n`;
    io.stderr(out);
    io.stderr(
      `${s.red(`no ${what}`)} for ${src.file}: fix the syntax ${syntax.length === 1 ? "error" : "errors"} above first\n`,
    );
    return null;
  }
  if (result.errors > 0) {
    let out = "";
    for (const d of result.diagnostics)
      if (d.severity === "error")
        out += `${dsl.formatDiagnostic(d, result.source, { color })}\n\n`;
    io.stderr(out);
  }
  if (result.errors > 0 || result.warnings > 0) {
    const parts: string[] = [];
    if (result.errors > 0) parts.push(s.red(plural(result.errors, "error")));
    if (result.warnings > 0)
      parts.push(s.yellow(plural(result.warnings, "warning")));
    io.stderr(
      `${parts.join(", ")} in ${src.file}${result.warnings > 0 ? " (`flowc check` lists the warnings)" : ""}\n`,
    );
  }
  return result;
}
