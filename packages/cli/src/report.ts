import type {
  ChoiceStep,
  CheckResult,
  CompileResult,
  Diagnostic,
  SourceFile,
} from "@flowc/dsl";
import { type Dsl, loadDsl } from "./dsl.js";
import { type FlowSource, notUtf8Where, STDIN } from "./fs.js";
import type { CliIO } from "./io.js";
import { createStyle, plural, printable, useColor } from "./style.js";
import { cliHomepage, cliVersion, repositoryFileUrl } from "./version.js";

/**
 * Diagnostics, from running the compiler on each file to printing them:
 * the per-file runner that `check` and `build` share (it also finds the
 * problems only a view of all files shows: a file that is not UTF-8, two
 * files with one flow id), the four report formats of `flowc check`, and the
 * short error listings on stderr of the commands whose stdout is a product.
 */

export type ReportFormat = "pretty" | "json" | "github" | "sarif";
export const REPORT_FORMATS: readonly ReportFormat[] = [
  "pretty",
  "json",
  "github",
  "sarif",
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
  /** The suggestion, when there is one. */
  readonly hint?: string;
  /** For dead-end, silent-end and no-exit: the choices from the start that reach the problem. */
  readonly path?: readonly ChoiceStep[];
}

export interface JsonReport {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly JsonDiagnostic[];
}

// ---------------------------------------------------------------------------
// Running the compiler on each file

/**
 * Run the compiler on one file. The compiler never throws on user input, so
 * a throw is a bug in flowc: it goes on to runCli's "internal error" report
 * with the file named, and is never passed off as a problem in the flow.
 */
export function onFile<T>(verb: string, file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new Error(
      `while ${verb} ${file}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
}

/** What the runner made of one file: its diagnostics, and the compiled flow when asked for and there are no errors. */
export interface FileResult {
  readonly checked: CheckedFile;
  readonly errors: number;
  readonly warnings: number;
  /** Null when the file has errors (or when only checking). */
  readonly compiled: CompileResult | null;
}

/**
 * Checks (or compiles) the files of one run in order. Beyond what the
 * compiler finds in each text, it reports a file that is not UTF-8
 * (`encoding`, at the first bad byte; the other files are still checked) and
 * a second file declaring a flow id already declared (`duplicate-flow`).
 */
export class FileRunner {
  private readonly flowIds = new Map<string, { file: string; where: string }>();

  constructor(
    private readonly dsl: Dsl,
    private readonly mode: "check" | "compile",
  ) {}

  run(src: FlowSource): FileResult {
    const { dsl } = this;
    if (src.invalidUtf8 !== undefined) {
      const source = dsl.createSource(printable(src.file), src.text);
      const at = Math.min(src.invalidUtf8, source.text.length);
      const d = fileDiagnostic(
        dsl,
        "encoding",
        `The file is not UTF-8 text: the byte at ${notUtf8Where(src)} is not valid UTF-8. Nothing else in this file was checked.`,
        { start: at, end: at },
        "save the file as UTF-8 (in most editors: File → Save with encoding → UTF-8)",
      );
      return {
        checked: { file: src.file, source, diagnostics: [d] },
        errors: 1,
        warnings: 0,
        compiled: null,
      };
    }
    // The shown name is made printable: a file name can hold control characters too.
    const name = printable(src.file);
    const result: CheckResult | CompileResult =
      this.mode === "compile"
        ? onFile("compiling", src.file, () => dsl.compile(src.text, name))
        : onFile("checking", src.file, () => dsl.check(src.text, name));
    if (
      !isFlowSource(src.file) &&
      result.file.header === null &&
      result.errors > 0
    ) {
      // Named on the command line, not a .flow file, and not a flow: say so, and quote none of it.
      const d = fileDiagnostic(
        dsl,
        "syntax",
        "This file does not start with `flow <id>`: it is not a flow, so none of it is shown.",
        { start: 0, end: 0 },
        "name a .flow file, or a folder to search for them",
      );
      return {
        checked: { file: src.file, source: result.source, diagnostics: [d] },
        errors: 1,
        warnings: 0,
        compiled: null,
      };
    }
    const duplicate = this.duplicateFlow(src.file, result);
    const diagnostics =
      duplicate === null
        ? result.diagnostics
        : [...result.diagnostics, duplicate].sort(
            (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
          );
    const errors = result.errors + (duplicate === null ? 0 : 1);
    return {
      checked: { file: src.file, source: result.source, diagnostics },
      errors,
      warnings: result.warnings,
      compiled:
        this.mode === "compile" && errors === 0
          ? (result as CompileResult)
          : null,
    };
  }

  private duplicateFlow(file: string, result: CheckResult): Diagnostic | null {
    const id = result.file.header?.id;
    if (id === undefined || id.missing === true || id.name === "") return null;
    const first = this.flowIds.get(id.name);
    if (first === undefined) {
      const at = this.dsl.positionAt(result.source, id.span.start);
      this.flowIds.set(id.name, {
        file,
        where: `${printable(file)}:${at.line}:${at.column}`,
      });
      return null;
    }
    return fileDiagnostic(
      this.dsl,
      "duplicate-flow",
      `The flow id \`${id.name}\` is already declared in ${first.where}: flows, sessions and built modules are told apart by their id.`,
      id.span,
      "give each flow its own id (the word after `flow`)",
    );
  }
}

/** A diagnostic found by the command line itself, shaped as the compiler's are. */
function fileDiagnostic(
  dsl: Dsl,
  code: "encoding" | "duplicate-flow" | "syntax",
  message: string,
  span: { start: number; end: number },
  hint: string,
): Diagnostic {
  return {
    code,
    severity: dsl.CODES[code].severity,
    message,
    span,
    related: [],
    hint,
  };
}

// ---------------------------------------------------------------------------
// Printing one diagnostic for people

/**
 * A diagnostic as text for a terminal: the compiler's rendering with a code
 * frame, with every text taken from the flow made printable (a label with
 * ESC in it shows `␛`, as the code frame does). Only a flow source gets a
 * code frame: a file named on the command line that is not a `.flow` file
 * (a link to /proc/self/environ, say) shows the message and nothing of its
 * content.
 */
export function renderDiagnostic(
  dsl: Dsl,
  checked: CheckedFile,
  d: Diagnostic,
  color: boolean,
): string {
  const safe: Diagnostic = {
    ...d,
    message: printable(d.message),
    related: d.related.map((r) => ({ ...r, message: printable(r.message) })),
    ...(d.hint !== undefined ? { hint: printable(d.hint) } : {}),
    ...(d.reachedBy !== undefined
      ? { reachedBy: d.reachedBy.map(printable) }
      : {}),
  };
  if (isFlowSource(checked.file))
    return dsl.formatDiagnostic(safe, checked.source, { color });
  const s = createStyle(color);
  const at = dsl.positionAt(checked.source, d.span.start);
  const tone = d.severity === "error" ? s.red : s.yellow;
  const head = `${s.bold(`${printable(checked.file)}:${at.line}:${at.column}:`)} ${tone(`${d.severity}[${d.code}]`)}: ${safe.message}`;
  return safe.hint !== undefined ? `${head}\n  = hint: ${safe.hint}` : head;
}

function isFlowSource(file: string): boolean {
  return file === STDIN || file.endsWith(".flow");
}

/** The diagnostics of a file for stderr, each followed by a blank line. */
function listing(
  dsl: Dsl,
  checked: CheckedFile,
  color: boolean,
  keep: (d: Diagnostic) => boolean,
): string {
  let out = "";
  for (const d of checked.diagnostics)
    if (keep(d)) out += `${renderDiagnostic(dsl, checked, d, color)}\n\n`;
  return out;
}

const isError = (d: Diagnostic) => d.severity === "error";

// ---------------------------------------------------------------------------
// Stderr reports of the commands that make something (build, run, graph, paths, fmt)

/**
 * For a file that could not be made into `notWhat` (build, run, fmt): its
 * errors in full on stderr, then `<not what> <file>: N errors (see above)`.
 */
export function printNotMade(
  dsl: Dsl,
  io: CliIO,
  checked: CheckedFile,
  notWhat: string,
  why = `${plural(checked.diagnostics.filter(isError).length, "error")} (see above)`,
): void {
  const color = useColor(io);
  io.stderr(
    `${listing(dsl, checked, color, isError)}${createStyle(color).red(notWhat)} ${printable(checked.file)}: ${why}\n`,
  );
}

/**
 * For commands whose stdout is a product (`graph`, `paths`): check the file
 * and say on stderr what is wrong with it, so the product stays clean.
 * Errors are shown in full, warnings only counted (the diagram already marks
 * them, and `flowc check` lists them). Returns the check result, or null when
 * the file has syntax-level errors: then there is nothing sound to draw or walk.
 */
export function checkForOutput(
  dsl: Dsl,
  io: CliIO,
  src: FlowSource,
  what: string,
): CheckResult | null {
  const result = onFile("checking", src.file, () =>
    dsl.check(src.text, printable(src.file)),
  );
  const checked: CheckedFile = {
    file: src.file,
    source: result.source,
    diagnostics: result.diagnostics,
  };
  const color = useColor(io);
  const s = createStyle(color);
  const syntaxLevel = (d: Diagnostic) =>
    isError(d) && dsl.CODES[d.code].phase === "syntax";
  const syntax = result.diagnostics.filter(syntaxLevel).length;
  if (syntax > 0) {
    printNotMade(
      dsl,
      io,
      { ...checked, diagnostics: result.diagnostics.filter(syntaxLevel) },
      `no ${what} for`,
      `fix the syntax ${syntax === 1 ? "error" : "errors"} above first`,
    );
    return null;
  }
  if (result.errors > 0) io.stderr(listing(dsl, checked, color, isError));
  if (result.errors > 0 || result.warnings > 0) {
    const parts: string[] = [];
    if (result.errors > 0) parts.push(s.red(plural(result.errors, "error")));
    if (result.warnings > 0)
      parts.push(s.yellow(plural(result.warnings, "warning")));
    io.stderr(
      `${parts.join(", ")} in ${printable(src.file)}${result.warnings > 0 ? " (`flowc check` lists the warnings)" : ""}\n`,
    );
  }
  return result;
}

// ---------------------------------------------------------------------------
// The report formats of `flowc check`

export async function createReporter(
  io: CliIO,
  format: ReportFormat,
  color: boolean,
): Promise<Reporter> {
  const dsl = await loadDsl();
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
            out += `${renderDiagnostic(dsl, checked, d, color)}\n\n`;
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
    case "json":
    case "sarif": {
      const diagnostics: JsonDiagnostic[] = [];
      return {
        file(checked) {
          count(checked);
          for (const d of checked.diagnostics)
            diagnostics.push(toJsonDiagnostic(dsl, checked, d));
        },
        finish() {
          const report: JsonReport = { files, errors, warnings, diagnostics };
          const out = format === "json" ? report : toSarif(dsl, report);
          io.stdout(`${JSON.stringify(out, null, 2)}\n`);
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
    ...(d.hint !== undefined && d.hint !== "" ? { hint: d.hint } : {}),
    ...(d.path !== undefined ? { path: d.path } : {}),
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
  // The log viewer obeys terminal escapes: text from the flow is made printable.
  return `::${d.severity} ${props.join(",")}::${escapeData(printable(d.message))}`;
}

// GitHub's escaping rules for workflow commands (actions/toolkit, command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(printable(text)).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// ---------------------------------------------------------------------------
// SARIF 2.1.0 (code scanning in GitHub, Azure DevOps, IDE viewers)

/**
 * The report as a SARIF 2.1.0 log: one run, the code registry as the
 * driver's rules (in registry order, so `ruleIndex` is stable), one result
 * per diagnostic with its region. Columns count code points, as flowc's do
 * (`columnKind`). The hint and the path travel in the result's `properties`.
 */
export function toSarif(dsl: Pick<Dsl, "CODES">, report: JsonReport): object {
  const codes = Object.keys(dsl.CODES) as (keyof Dsl["CODES"])[];
  // Each code's explanation, with an example and the fix, has its own heading there.
  const docs = repositoryFileUrl("docs/checks.md");
  const rules = codes.map((code) => {
    const entry = dsl.CODES[code];
    return {
      id: code,
      shortDescription: { text: entry.doc },
      ...(docs !== null
        ? { helpUri: `${docs}#${code}` }
        : {
            help: {
              text: `See docs/checks.md#${code} in the flowc repository.`,
            },
          }),
      defaultConfiguration: { level: entry.severity },
      properties: { phase: entry.phase },
    };
  });
  const index = new Map<string, number>(codes.map((c, i) => [c, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "flowc",
            version: cliVersion(),
            ...(cliHomepage() !== null
              ? { informationUri: cliHomepage() }
              : {}),
            rules,
          },
        },
        columnKind: "unicodeCodePoints",
        results: report.diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: index.get(d.code) ?? -1,
          level: d.severity,
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(d.file) },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  endLine: d.endLine,
                  endColumn: d.endColumn,
                },
              },
            },
          ],
          ...(d.hint !== undefined || d.path !== undefined
            ? {
                properties: {
                  ...(d.hint !== undefined ? { hint: d.hint } : {}),
                  ...(d.path !== undefined ? { path: d.path } : {}),
                },
              }
            : {}),
        })),
      },
    ],
  };
}

/** The shown file name as a relative URI reference (forward slashes, each segment percent-encoded). */
function fileUri(file: string): string {
  return file
    .replace(/\\/g, "/")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}
