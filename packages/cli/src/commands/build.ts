import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { type Command, Option } from "commander";
import type { CompileResult } from "@flowc/dsl";
import { compileFile } from "../compile-report.js";
import { type Dsl, loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import { type FlowSource, readFlowFiles } from "../files.js";
import type { CliContext, CliIO } from "../io.js";
import { createStyle, plural, useColor } from "../output.js";
import { writeOut } from "../write-out.js";

export type EmitKind = "ts" | "json";
export const EMIT_KINDS: readonly EmitKind[] = ["ts", "json"];

export interface BuildOptions {
  /** The folder to write into (as given; resolved against the IO's cwd). */
  readonly outDir: string;
  readonly emit: EmitKind;
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
    .action(
      async (paths: string[], options: { outDir: string; emit: EmitKind }) => {
        ctx.exitCode = await runBuild(ctx.io, paths, options);
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
    ? dsl.emitTypeScript(result.definition!, { sourceName: path.basename(src.file) })
    : `${result.json!}\n`;
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
  const sources = await readFlowFiles(io, paths);
  if (sources.length === 0)
    io.stderr(`flowc: no .flow files found in ${paths.join(", ")}\n`);

  // Outputs are flat in the out dir: two files with one base name would collide.
  const ext = `.${options.emit}`;
  const target = (src: FlowSource) =>
    path.basename(src.file).replace(/\.flow$/, "") + ext;
  const byTarget = new Map<string, FlowSource>();
  const clashes: string[] = [];
  for (const src of sources) {
    const name = target(src);
    const other = byTarget.get(name);
    if (other)
      clashes.push(
        `${other.file} and ${src.file} would both be built to ${path.join(options.outDir, name)}`,
      );
    else byTarget.set(name, src);
  }
  if (clashes.length > 0)
    throw new UsageError(clashes.map((c) => `${c}: rename one of them`));

  const dsl = await loadDsl();
  const color = useColor(io);
  const s = createStyle(color);
  let built = 0;
  let failed = 0;
  let warnings = 0;
  for (const src of sources) {
    const result = compileFile(dsl, io, src, "not built");
    warnings += result.warnings;
    if (result.definition === null) {
      failed++;
      continue;
    }
    const text = emitted(dsl, result, src, options.emit);
    const shown = path.join(options.outDir, target(src));
    const absolute = path.resolve(io.cwd, options.outDir, target(src));
    const old = await readFile(absolute, "utf8").catch(() => null);
    if (old !== text) await writeOut(absolute, shown, text);
    built++;
    io.stdout(
      `${s.green("built")} ${src.file} → ${shown}${old === text ? s.dim(" (unchanged)") : ""}\n`,
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
