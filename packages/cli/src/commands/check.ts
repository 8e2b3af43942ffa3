import { type Command, Option } from "commander";
import { loadDsl } from "../dsl.js";
import { readFlowFiles } from "../files.js";
import type { CliContext, CliIO } from "../io.js";
import { useColor } from "../output.js";
import {
  createReporter,
  REPORT_FORMATS,
  type ReportFormat,
} from "../report.js";

export interface CheckOptions {
  readonly format: ReportFormat;
  readonly strict: boolean;
}

export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command("check")
    .description("check .flow files and report every problem found")
    .argument(
      "[paths...]",
      "files or folders (folders are searched for *.flow files)",
      ["."],
    )
    .addOption(
      new Option("--format <format>", "how to print the diagnostics")
        .choices(REPORT_FORMATS)
        .default("pretty"),
    )
    .option("--strict", "warnings fail the check too (exit 1)")
    .action(
      async (
        paths: string[],
        options: { format: ReportFormat; strict?: boolean },
      ) => {
        ctx.exitCode = await runCheck(ctx.io, paths, {
          format: options.format,
          strict: options.strict === true,
        });
      },
    );
}

/** Exit status: 0 no errors (with `strict`: no warnings either), 1 otherwise; file problems throw `UsageError`. */
export async function runCheck(
  io: CliIO,
  paths: readonly string[],
  options: CheckOptions,
): Promise<number> {
  const sources = await readFlowFiles(io, paths);
  if (sources.length === 0)
    io.stderr(`flowc: no .flow files found in ${paths.join(", ")}\n`);
  const { check } = await loadDsl();
  const reporter = await createReporter(io, options.format, useColor(io));
  for (const s of sources) {
    let result;
    try {
      result = check(s.text, s.file);
    } catch (error) {
      // The checker never throws on user input; a throw is a bug, reported as such with the file.
      throw new Error(
        `while checking ${s.file}: ${(error as Error)?.message ?? String(error)}`,
        {
          cause: error,
        },
      );
    }
    reporter.file({
      file: s.file,
      source: result.source,
      diagnostics: result.diagnostics,
    });
  }
  const totals = reporter.finish();
  return totals.errors > 0 || (options.strict && totals.warnings > 0) ? 1 : 0;
}
