import type { CompileResult } from "@flowc/dsl";
import type { Dsl } from "./dsl.js";
import type { FlowSource } from "./files.js";
import type { CliIO } from "./io.js";
import { createStyle, plural, useColor } from "./output.js";

/**
 * Compile a file for a command that needs its definition (`build`, `run`).
 * When the flow has errors, they are printed in full on stderr, followed by
 * `<not what> <file>: N errors`, and the result has no definition.
 */
export function compileFile(
  dsl: Dsl,
  io: CliIO,
  src: FlowSource,
  notWhat: string,
): CompileResult {
  let result: CompileResult;
  try {
    result = dsl.compile(src.text, src.file);
  } catch (error) {
    // The compiler never throws on user input; a throw is a bug, reported with the file.
    throw new Error(
      `while compiling ${src.file}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
  if (result.definition === null) {
    const color = useColor(io);
    let out = "";
    for (const d of result.diagnostics) {
      if (d.severity === "error")
        out += `${dsl.formatDiagnostic(d, result.source, { color })}\n\n`;
    }
    io.stderr(
      `${out}${createStyle(color).red(notWhat)} ${src.file}: ${plural(result.errors, "error")} (see above)\n`,
    );
  }
  return result;
}
