import { type Diagnostic, positionAt, type SourceFile } from "@flowc/dsl";

/**
 * Diagnostics as fixtures hold them: `line:column code message`, and the
 * hint on the next line as `  hint: …`; one trailing newline (none when
 * there are no diagnostics).
 */
export function describeDiagnostics(source: SourceFile, diagnostics: readonly Diagnostic[]): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    const { line, column } = positionAt(source, d.span.start);
    lines.push(`${line}:${column} ${d.code} ${d.message}`);
    if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
