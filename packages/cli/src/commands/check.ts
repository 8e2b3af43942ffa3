import { type Command, Option } from "commander";
import { loadDsl } from "../dsl.js";
import { readFlowFiles } from "../fs.js";
import type { CliContext, CliIO } from "../io.js";
import {
  createReporter,
  FileRunner,
  REPORT_FORMATS,
  type ReportFormat,
} from "../report.js";
import { useColor } from "../style.js";

export interface CheckOptions {
  readonly format: ReportFormat;
  readonly strict: boolean;
  /** A path that yields no `.flow` file is fine. */
  readonly allowEmpty?: boolean;
}

export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command("check")
    .description("check .flow files and report every problem found")
    .argument(
      "[paths...]",
      "files or folders (folders are searched for *.flow files); - reads one flow from stdin",
      ["."],
    )
    .addOption(
      new Option("--format <format>", "how to print the diagnostics")
        .choices(REPORT_FORMATS)
        .default("pretty"),
    )
    .option("--strict", "warnings fail the check too (exit 1)")
    .option("--allow-empty", "a folder without .flow files is not an error")
    .action(
      async (
        paths: string[],
        options: {
          format: ReportFormat;
          strict?: boolean;
          allowEmpty?: boolean;
        },
      ) => {
        ctx.exitCode = await runCheck(ctx.io, paths, {
          format: options.format,
          strict: options.strict === true,
          allowEmpty: options.allowEmpty === true,
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
  const sources = await readFlowFiles(io, paths, {
    allowEmpty: options.allowEmpty === true,
  });
  const dsl = await loadDsl();
  const runner = new FileRunner(dsl, "check");
  const reporter = await createReporter(io, options.format, useColor(io));
  for (const src of sources) reporter.file(runner.run(src).checked);
  const totals = reporter.finish();
  return totals.errors > 0 || (options.strict && totals.warnings > 0) ? 1 : 0;
}
