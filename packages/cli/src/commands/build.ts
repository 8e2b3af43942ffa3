import * as path from "node:path";
import { type Command, Option } from "commander";
import type { CompileResult } from "@flowc/dsl";
import { type Dsl, loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import {
  type FlowSource,
  readFlowFiles,
  readRegularFile,
  STDIN,
  unwritable,
  writeOut,
} from "../fs.js";
import type { CliContext, CliIO } from "../io.js";
import { FileRunner, printNotMade } from "../report.js";
import { createStyle, plural, printable, useColor } from "../style.js";

export type EmitKind = "ts" | "json";
export const EMIT_KINDS: readonly EmitKind[] = ["ts", "json"];

export interface BuildOptions {
  /** The folder to write into (as given; resolved against the IO's cwd). */
  readonly outDir: string;
  readonly emit: EmitKind;
  /** A path that yields no `.flow` file is fine. */
  readonly allowEmpty?: boolean;
}

export function registerBuild(program: Command, ctx: CliContext): void {
  program
    .command("build")
    .description(
      "check .flow files and compile each one without errors to a typed module or JSON",
    )
    .argument(
      "[paths...]",
      "files or folders (folders are searched for *.flow files)",
      ["."],
    )
    .requiredOption(
      "--out-dir <dir>",
      "the folder to write the compiled files to",
    )
    .addOption(
      new Option(
        "--emit <kind>",
        "ts: a typed TypeScript module; json: the plain definition",
      )
        .choices(EMIT_KINDS)
        .default("ts"),
    )
    .option("--allow-empty", "a folder without .flow files is not an error")
    .action(
      async (
        paths: string[],
        options: { outDir: string; emit: EmitKind; allowEmpty?: boolean },
      ) => {
        ctx.exitCode = await runBuild(ctx.io, paths, {
          outDir: options.outDir,
          emit: options.emit,
          allowEmpty: options.allowEmpty === true,
        });
      },
    );
}

/** The text of one compiled file: deterministic, ending with a line break. */
function emitted(
  dsl: Dsl,
  result: CompileResult,
  src: FlowSource,
  emit: EmitKind,
): string {
  // JSON: the compiler's own text of the definition, one line, as hosts load it.
  return emit === "ts"
    ? dsl.emitTypeScript(result.definition!, {
        sourceName: path.basename(src.file),
      })
    : `${result.json!}\n`;
}

/** The output's file name: flat in the out dir, the `.flow` name with the emit's extension. */
function outputName(src: FlowSource, ext: string): string {
  return path.basename(src.file).replace(/\.flow$/, "") + ext;
}

/** Why files cannot be built to their names at all: collisions, names TypeScript would misread, stdin. */
function nameProblems(
  sources: readonly FlowSource[],
  options: BuildOptions,
): string[] {
  const ext = `.${options.emit}`;
  const byTarget = new Map<string, FlowSource>();
  const problems: string[] = [];
  for (const src of sources) {
    if (src.file === STDIN) {
      problems.push(
        `${STDIN}: a flow read from standard input has no file name to build to; save it as a .flow file`,
      );
      continue;
    }
    const name = outputName(src, ext);
    if (options.emit === "ts" && /\.d\.ts$/i.test(name)) {
      problems.push(
        `${printable(src.file)}: would be built to ${printable(name)}, which TypeScript reads as a declaration file (types only, no code): rename the file so its name does not end in .d.flow`,
      );
      continue;
    }
    const other = byTarget.get(name);
    if (other)
      problems.push(
        `${printable(other.file)} and ${printable(src.file)} would both be built to ${printable(path.join(options.outDir, name))}: rename one of them`,
      );
    else byTarget.set(name, src);
  }
  return problems;
}

/**
 * Exit status: 0 when every file was compiled; 1 when a file has errors (it
 * is reported like `flowc check` does and nothing is written for it; the
 * other files are still built). Usage and file problems — including two
 * files that would be written to the same name — throw `UsageError` (2)
 * before anything is written. Each file is written atomically, and only when
 * its text changes, so watchers are not woken for nothing.
 */
export async function runBuild(
  io: CliIO,
  paths: readonly string[],
  options: BuildOptions,
): Promise<number> {
  const sources = await readFlowFiles(io, paths, {
    allowEmpty: options.allowEmpty === true,
  });
  const problems = nameProblems(sources, options);
  for (const src of problems.length === 0 ? sources : []) {
    const name = outputName(src, `.${options.emit}`);
    const why = await unwritable(path.resolve(io.cwd, options.outDir, name));
    if (why !== null)
      problems.push(
        `${printable(path.join(options.outDir, name))}: cannot write: ${why}`,
      );
  }
  if (problems.length > 0) throw new UsageError(problems);

  const dsl = await loadDsl();
  const runner = new FileRunner(dsl, "compile");
  const color = useColor(io);
  const s = createStyle(color);
  let built = 0;
  let failed = 0;
  let warnings = 0;
  for (const src of sources) {
    const result = runner.run(src);
    warnings += result.warnings;
    if (result.compiled === null) {
      failed++;
      printNotMade(dsl, io, result.checked, "not built");
      continue;
    }
    const text = emitted(dsl, result.compiled, src, options.emit);
    const name = outputName(src, `.${options.emit}`);
    const shown = path.join(options.outDir, name);
    const absolute = path.resolve(io.cwd, options.outDir, name);
    // Compared only to leave an unchanged file (and whoever watches it) alone.
    const unchanged = (await readRegularFile(absolute)) === text;
    if (!unchanged) await writeOut(absolute, shown, text);
    built++;
    io.stdout(
      `${s.green("built")} ${printable(src.file)} → ${printable(shown)}${unchanged ? s.dim(" (unchanged)") : ""}\n`,
    );
  }
  const parts = [`${plural(built, "file")} built`];
  if (failed > 0)
    parts.push(s.red(`${plural(failed, "file")} with errors not built`));
  if (warnings > 0)
    parts.push(
      s.yellow(`${plural(warnings, "warning")} (\`flowc check\` lists them)`),
    );
  io.stdout(`${parts.join(", ")}\n`);
  return failed > 0 ? 1 : 0;
}
