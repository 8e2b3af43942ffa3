import {
  type Diagnostic,
  formatDiagnostic,
  positionAt,
  type SourceFile,
} from "@flowc/dsl";

/**
 * flowc diagnostics → the error/warning objects Vite and Rollup understand.
 * `loc` and `frame` are what the dev-server overlay and the build log show
 * under the message, so an author sees the place and the code frame exactly
 * as `flowc check` prints them.
 */
export interface PluginMessage {
  message: string;
  id: string;
  loc?: { file: string; line: number; column: number };
  frame?: string;
  plugin: "flowc";
}

/** One error for every error diagnostic of a file: located at the first, framing them all. */
export function errorOf(
  file: string,
  source: SourceFile,
  errors: readonly Diagnostic[],
): PluginMessage {
  const first = errors[0]!;
  const more = errors.length - 1;
  const message =
    more === 0
      ? first.message
      : `${first.message} (and ${more} more, shown below)`;
  return {
    message,
    id: file,
    loc: locOf(file, source, first),
    frame: errors.map((d) => formatDiagnostic(d, source)).join("\n\n"),
    plugin: "flowc",
  };
}

/** One warning: the message, and the frame without flowc's header line (Vite prints the place itself). */
export function warningOf(
  file: string,
  source: SourceFile,
  warning: Diagnostic,
): PluginMessage {
  const rendered = formatDiagnostic(warning, source);
  return {
    message: `${warning.message} [${warning.code}]`,
    id: file,
    loc: locOf(file, source, warning),
    frame: rendered.slice(rendered.indexOf("\n") + 1),
    plugin: "flowc",
  };
}

/** All of a file's warnings as one line: for apps whose flows knowingly carry todos. */
export function warningCountOf(
  file: string,
  source: SourceFile,
  warnings: readonly Diagnostic[],
): PluginMessage {
  const byCode = new Map<string, number>();
  for (const w of warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
  const counts = [...byCode].map(([code, n]) => `${n} ${code}`).join(", ");
  const noun = warnings.length === 1 ? "warning" : "warnings";
  return {
    message: `${source.path}: ${warnings.length} ${noun} (${counts}); \`flowc check ${source.path}\` lists them`,
    // No place and no frame: a place would make Vite frame one warning of many.
    id: file,
    plugin: "flowc",
  };
}

function locOf(
  file: string,
  source: SourceFile,
  d: Diagnostic,
): PluginMessage["loc"] {
  const { line, column } = positionAt(source, d.span.start);
  return { file, line, column };
}
