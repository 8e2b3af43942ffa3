import type { Diagnostic, SourceFile } from "@flowc/dsl";
import { type Dsl, loadDsl } from "./dsl.js";
import type { CliIO } from "./io.js";
import { createStyle, plural } from "./output.js";

/**
 * Printing diagnostics in the three formats of `flowc check` (and of any
 * command that checks first, like `flowc build`). A reporter is fed one file
 * at a time, in order, then finished; pretty and github output stream as
 * files are checked, json is one object written at the end.
 */
export type ReportFormat = "pretty" | "json" | "github";
export const REPORT_FORMATS: readonly ReportFormat[] = [
  "pretty",
  "json",
  "github",
];

export interface CheckedFile {
  /** The name shown to the user (as given on the command line or found under a folder). */
  readonly file: string;
  readonly source: SourceFile;
  /** In source order. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface Totals {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface Reporter {
  file(checked: CheckedFile): void;
  /** Writes what is left (the summary, or the whole JSON object) and returns the totals. */
  finish(): Totals;
}

/** One diagnostic as `flowc check --format json` prints it: 1-based, end exclusive, columns in code points. */
export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly message: string;
}

export interface JsonReport {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly JsonDiagnostic[];
}

export async function createReporter(
  io: CliIO,
  format: ReportFormat,
  color: boolean,
): Promise<Reporter> {
  const dsl = await loadDsl();
  const { formatDiagnostic } = dsl;
  let files = 0;
  let errors = 0;
  let warnings = 0;
  const count = (checked: CheckedFile) => {
    files++;
    for (const d of checked.diagnostics) {
      if (d.severity === "error") errors++;
      else warnings++;
    }
  };
  const totals = (): Totals => ({ files, errors, warnings });

  switch (format) {
    case "pretty":
      return {
        file(checked) {
          count(checked);
          // One write per file: a run with many diagnostics makes few system calls.
          let out = "";
          for (const d of checked.diagnostics)
            out += `${formatDiagnostic(d, checked.source, { color })}\n\n`;
          if (out !== "") io.stdout(out);
        },
        finish() {
          io.stdout(`${summary(totals(), color)}\n`);
          return totals();
        },
      };
    case "github":
      return {
        file(checked) {
          count(checked);
          let out = "";
          for (const d of checked.diagnostics)
            out += `${githubAnnotation(toJsonDiagnostic(dsl, checked, d))}\n`;
          if (out !== "") io.stdout(out);
        },
        finish: totals,
      };
    case "json": {
      const diagnostics: JsonDiagnostic[] = [];
      return {
        file(checked) {
          count(checked);
          for (const d of checked.diagnostics)
            diagnostics.push(toJsonDiagnostic(dsl, checked, d));
        },
        finish() {
          const report: JsonReport = { files, errors, warnings, diagnostics };
          io.stdout(`${JSON.stringify(report, null, 2)}\n`);
          return totals();
        },
      };
    }
  }
}

/** `2 errors, 1 warning in 3 files`, or `no problems in 3 files`. */
export function summary(t: Totals, color: boolean): string {
  const s = createStyle(color);
  const where = `in ${plural(t.files, "file")}`;
  if (t.errors === 0 && t.warnings === 0)
    return `${s.green("no problems")} ${where}`;
  const parts: string[] = [];
  if (t.errors > 0) parts.push(s.red(plural(t.errors, "error")));
  if (t.warnings > 0) parts.push(s.yellow(plural(t.warnings, "warning")));
  return `${parts.join(", ")} ${where}`;
}

export function toJsonDiagnostic(
  { positionAt }: Pick<Dsl, "positionAt">,
  checked: CheckedFile,
  d: Diagnostic,
): JsonDiagnostic {
  const start = positionAt(checked.source, d.span.start);
  const end = positionAt(checked.source, Math.max(d.span.start, d.span.end));
  return {
    file: checked.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/** A GitHub Actions workflow command, which the runner shows as an annotation on the line. */
export function githubAnnotation(d: JsonDiagnostic): string {
  const props = [
    `file=${escapeProperty(d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `endLine=${d.endLine}`,
    `endColumn=${d.endColumn}`,
    `title=${escapeProperty(`flowc(${d.code})`)}`,
  ];
  return `::${d.severity} ${props.join(",")}::${escapeData(d.message)}`;
}

// GitHub's escaping rules for workflow commands (actions/toolkit, command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
