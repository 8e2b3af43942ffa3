import type { Command } from "commander";
import { loadDsl } from "../dsl.js";
import { readFlowFiles } from "../files.js";
import type { CliContext, CliIO } from "../io.js";
import { createStyle, plural, useColor } from "../output.js";
import { writeOut } from "../write-out.js";

export interface FmtOptions {
  /** Only report the files that would change; write nothing. */
  readonly check: boolean;
}

export function registerFmt(program: Command, ctx: CliContext): void {
  program
    .command("fmt")
    .description(
      "rewrite .flow files in the canonical style (comments are kept)",
    )
    .argument(
      "[paths...]",
      "files or folders (folders are searched for *.flow files)",
      ["."],
    )
    .option("--check", "only list the files that would change (exit 1 if any)")
    .action(async (paths: string[], options: { check?: boolean }) => {
      ctx.exitCode = await runFmt(ctx.io, paths, {
        check: options.check === true,
      });
    });
}

/**
 * Exit status: 0 when every file is (now) formatted; 1 when a file has syntax
 * errors (it is left untouched) or, with `check`, when a file would change.
 * File problems throw `UsageError`.
 */
export async function runFmt(
  io: CliIO,
  paths: readonly string[],
  options: FmtOptions,
): Promise<number> {
  const sources = await readFlowFiles(io, paths);
  if (sources.length === 0)
    io.stderr(`flowc: no .flow files found in ${paths.join(", ")}\n`);
  const { createSource, format, formatDiagnostic } = await loadDsl();
  const color = useColor(io);
  const s = createStyle(color);
  let changed = 0;
  let broken = 0;
  for (const src of sources) {
    let result;
    try {
      result = format(src.text, src.file);
    } catch (error) {
      // The formatter never throws on user input; a throw is a bug, reported with the file.
      throw new Error(
        `while formatting ${src.file}: ${(error as Error)?.message ?? String(error)}`,
        {
          cause: error,
        },
      );
    }
    if (result.text === null) {
      broken++;
      const source = createSource(src.file, src.text);
      for (const d of result.diagnostics) {
        if (d.severity === "error")
          io.stderr(`${formatDiagnostic(d, source, { color })}\n\n`);
      }
      io.stderr(
        `${s.red("not formatted")} ${src.file}: fix the syntax errors above first\n`,
      );
      continue;
    }
    if (result.text === src.text) continue;
    changed++;
    if (options.check) {
      io.stdout(`${s.yellow("would reformat")} ${src.file}\n`);
    } else {
      // A file that cannot be written (read-only folder, full disk) is a
      // file-system problem (status 2), said plainly; the file is untouched.
      await writeOut(src.path, src.file, result.text);
      io.stdout(`${s.green("formatted")} ${src.file}\n`);
    }
  }
  io.stdout(`${summary(sources.length, changed, broken, options.check)}\n`);
  return broken > 0 || (options.check && changed > 0) ? 1 : 0;
}

function summary(
  files: number,
  changed: number,
  broken: number,
  check: boolean,
): string {
  const parts: string[] = [];
  if (check) {
    parts.push(
      changed === 0
        ? `${plural(files - broken, "file")} already formatted`
        : `${plural(changed, "file")} would be reformatted (run \`flowc fmt\` to fix)`,
    );
  } else {
    parts.push(
      `${plural(changed, "file")} reformatted, ${files - broken - changed} already formatted`,
    );
  }
  if (broken > 0)
    parts.push(`${plural(broken, "file")} with syntax errors left as they are`);
  return parts.join("; ");
}
