import type { Command } from "commander";
import { loadDsl } from "../dsl.js";
import { readFlowFiles, STDIN, writeOut } from "../fs.js";
import type { CliContext, CliIO } from "../io.js";
import { FileRunner, onFile, printNotMade } from "../report.js";
import { createStyle, plural, printable, useColor } from "../style.js";

export interface FmtOptions {
  /** Only report the files that would change; write nothing. */
  readonly check: boolean;
  /** A path that yields no `.flow` file is fine. */
  readonly allowEmpty?: boolean;
}

export function registerFmt(program: Command, ctx: CliContext): void {
  program
    .command("fmt")
    .description(
      "rewrite .flow files in the canonical style (comments are kept)",
    )
    .argument(
      "[paths...]",
      "files or folders (folders are searched for *.flow files); - formats stdin to stdout",
      ["."],
    )
    .option("--check", "only list the files that would change (exit 1 if any)")
    .option("--allow-empty", "a folder without .flow files is not an error")
    .action(
      async (
        paths: string[],
        options: { check?: boolean; allowEmpty?: boolean },
      ) => {
        ctx.exitCode = await runFmt(ctx.io, paths, {
          check: options.check === true,
          allowEmpty: options.allowEmpty === true,
        });
      },
    );
}

/**
 * Exit status: 0 when every file is (now) formatted; 1 when a file has syntax
 * errors (it is left untouched) or, with `check`, when a file would change.
 * File problems throw `UsageError`. A source that is a symbolic link is
 * formatted where it lives (the link stays a link); a link that leads out of
 * its folder is refused. Standard input (`-`) is formatted to stdout.
 */
export async function runFmt(
  io: CliIO,
  paths: readonly string[],
  options: FmtOptions,
): Promise<number> {
  const sources = await readFlowFiles(io, paths, {
    allowEmpty: options.allowEmpty === true,
  });
  const dsl = await loadDsl();
  // Only for a file that is not UTF-8: the runner says where, as `check` does.
  const runner = new FileRunner(dsl, "check");
  const s = createStyle(useColor(io));
  let changed = 0;
  let broken = 0;
  for (const src of sources) {
    if (src.invalidUtf8 !== undefined) {
      broken++;
      printNotMade(
        dsl,
        io,
        runner.run(src).checked,
        "not formatted",
        "it is not UTF-8 text",
      );
      continue;
    }
    const result = onFile("formatting", src.file, () =>
      dsl.format(src.text, printable(src.file)),
    );
    if (result.text === null) {
      broken++;
      printNotMade(
        dsl,
        io,
        {
          file: src.file,
          source: dsl.createSource(printable(src.file), src.text),
          diagnostics: result.diagnostics,
        },
        "not formatted",
        "fix the syntax errors above first",
      );
      continue;
    }
    if (src.file === STDIN && !options.check) {
      io.stdout(result.text);
      continue;
    }
    if (result.text === src.text) continue;
    changed++;
    if (options.check) {
      io.stdout(`${s.yellow("would reformat")} ${printable(src.file)}\n`);
    } else {
      // A file that cannot be written (read-only folder, full disk) is a
      // file-system problem (status 2), said plainly; the file is untouched.
      await writeOut(src.path, printable(src.file), result.text, {
        link: "through",
      });
      io.stdout(`${s.green("formatted")} ${printable(src.file)}\n`);
    }
  }
  // Formatted text on stdout is the product: no summary after it.
  if (sources.some((src) => src.file === STDIN) && !options.check)
    return broken > 0 ? 1 : 0;
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
