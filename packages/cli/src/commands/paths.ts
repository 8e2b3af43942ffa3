import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { PathsFormat } from "@flowc/dsl";
import { unifiedDiff } from "../diff.js";
import { type Dsl, loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import { describeFsError, readFlowFile, writeOut } from "../fs.js";
import { parseInputPairs } from "../input-pairs.js";
import type { CliContext, CliIO } from "../io.js";
import { checkForOutput } from "../report.js";
import { createStyle, printable, useColor } from "../style.js";

export type { PathsFormat };
export const PATHS_FORMATS: readonly PathsFormat[] = ["text", "md", "json"];

export interface PathsCommandOptions {
  /** Unset: from the extension of the --check or --out file (.md, .json), else text. */
  readonly format?: PathsFormat;
  /** Compare with this committed file instead of printing. */
  readonly check?: string;
  /** Write here (atomically) instead of stdout. */
  readonly out?: string;
  /** Stop after this many paths (default 10,000). */
  readonly maxPaths?: number;
  /** `name=value` pairs: only the paths a choice input's value leads to (in the order given). */
  readonly inputs?: readonly string[];
}

export function registerPaths(program: Command, ctx: CliContext): void {
  program
    .command("paths")
    .description(
      "list every way through a .flow file: the questions, the answers taken and what the agent is shown",
    )
    .argument("<file>", "the .flow file")
    .addOption(
      new Option(
        "--format <format>",
        "text, md or json (default: from the --check/--out extension, else text)",
      ).choices(PATHS_FORMATS),
    )
    .option(
      "--check <golden>",
      "compare with a committed paths file; exit 1 with a diff when it no longer matches",
    )
    .option("--out <file>", "write to a file instead of stdout")
    .option(
      "--max-paths <n>",
      "stop after this many paths (default 10000)",
      parseCount,
    )
    .option(
      "--input <name=value>",
      "only the paths for this value of a choice input (repeat for each input)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(
      async (
        file: string,
        options: {
          format?: PathsFormat;
          check?: string;
          out?: string;
          maxPaths?: number;
          input: string[];
        },
      ) => {
        ctx.exitCode = await runPaths(ctx.io, file, {
          ...(options.format !== undefined ? { format: options.format } : {}),
          ...(options.check !== undefined ? { check: options.check } : {}),
          ...(options.out !== undefined ? { out: options.out } : {}),
          ...(options.maxPaths !== undefined
            ? { maxPaths: options.maxPaths }
            : {}),
          ...(options.input.length > 0 ? { inputs: options.input } : {}),
        });
      },
    );
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError("give a whole number of at least 1");
  }
  return n;
}

function formatFor(options: PathsCommandOptions): PathsFormat {
  if (options.format !== undefined) return options.format;
  const file = options.check ?? options.out;
  const ext = file === undefined ? "" : path.extname(file).toLowerCase();
  if (ext === ".md" || ext === ".markdown") return "md";
  if (ext === ".json") return "json";
  return "text";
}

/**
 * Exit status: 0 when the paths were listed (or, with `check`, match the
 * committed file) and the flow has no errors; 1 when the flow has errors
 * (the paths are still listed), has syntax errors (nothing listed), or no
 * longer matches the committed file. Usage and file problems throw
 * `UsageError` (status 2), a missing committed file included.
 */
export async function runPaths(
  io: CliIO,
  file: string,
  options: PathsCommandOptions,
): Promise<number> {
  if (options.check !== undefined && options.out !== undefined) {
    throw new UsageError(
      "--check compares with a file and --out writes one: give one of them",
    );
  }
  const format = formatFor(options);
  const src = await readFlowFile(io, file);
  const dsl = await loadDsl();
  const result = checkForOutput(dsl, io, src, "paths");
  if (result === null) return 1;
  // A text input may be given too (the same pairs as `flowc run`), but it changes no path.
  const inputs = parseInputPairs(
    result.file.inputs
      .filter((i) => !i.id.missing)
      .map((i) => ({
        name: i.id.name,
        values: i.values === null ? null : i.values.filter((v) => !v.id.missing).map((v) => v.id.name),
      })),
    options.inputs ?? [],
  );
  const list = dsl.findPaths(result, {
    ...(options.maxPaths !== undefined ? { maxPaths: options.maxPaths } : {}),
    ...(inputs.size > 0 ? { inputs: Object.fromEntries(inputs) } : {}),
  });
  // Texts come from the flow: a label with ESC in it is shown as ␛, on a terminal and in the file alike.
  const text = printable(dsl.formatPaths(list, format));
  if (list.truncated !== null) {
    io.stderr(
      `flowc: ${file}: stopped after ${list.count.toLocaleString("en-US")} paths (the listing says so at its end)\n`,
    );
  }
  const failed = result.errors > 0 ? 1 : 0;

  if (options.check !== undefined) {
    const golden = await readGolden(
      dsl,
      io,
      options.check,
      file,
      format,
      options,
    );
    const s = createStyle(useColor(io));
    if (golden === text) {
      io.stdout(
        `${s.green("up to date")} ${options.check} (${list.count.toLocaleString("en-US")} ${list.count === 1 ? "path" : "paths"})\n`,
      );
      return failed;
    }
    io.stdout(outOfDate(dsl, golden, text, file, options, format, s));
    return 1;
  }
  if (options.out !== undefined) {
    await writeOut(path.resolve(io.cwd, options.out), options.out, text);
    io.stdout(`wrote ${options.out}\n`);
    return failed;
  }
  io.stdout(text);
  return failed;
}

/** The committed file's text, with a BOM and Windows line ends (a git checkout setting) ignored. */
async function readGolden(
  dsl: Dsl,
  io: CliIO,
  golden: string,
  file: string,
  format: PathsFormat,
  options: PathsCommandOptions,
): Promise<string> {
  try {
    const text = await readFile(path.resolve(io.cwd, golden), "utf8");
    // Made printable like the listing it is compared with, so the diff never prints raw controls.
    return printable(text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const create =
      code === "ENOENT"
        ? `; create it with: ${updateCommand(dsl, file, golden, format, options)}`
        : "";
    throw new UsageError(`${golden}: ${describeFsError(error)}${create}`);
  }
}

function outOfDate(
  dsl: Dsl,
  golden: string,
  fresh: string,
  file: string,
  options: PathsCommandOptions,
  format: PathsFormat,
  s: ReturnType<typeof createStyle>,
): string {
  const goldenPath = options.check!;
  const lines = (t: string) =>
    (t.endsWith("\n") ? t.slice(0, -1) : t).split("\n");
  const a = lines(golden);
  const b = lines(fresh);
  const diff = unifiedDiff(dsl, a, b);
  const out: string[] = [];
  out.push(
    `${s.red("out of date")} ${goldenPath}: it no longer matches ${file} ` +
      (diff.detailed
        ? `(${diff.added} ${diff.added === 1 ? "line" : "lines"} added, ${diff.removed} removed)`
        : "(too many differences to show them line by line)"),
  );
  if (diff.detailed) {
    out.push(
      `--- ${goldenPath} (committed)`,
      `+++ ${goldenPath} (from ${file} now)`,
    );
    for (const line of diff.text.replace(/\n$/, "").split("\n")) {
      out.push(
        line.startsWith("+")
          ? s.green(line)
          : line.startsWith("-")
            ? s.red(line)
            : line.startsWith("@@")
              ? s.cyan(line)
              : line,
      );
    }
  }
  out.push(
    `If the change is intended, update it with: ${updateCommand(dsl, file, goldenPath, format, options)}`,
  );
  return `${out.join("\n")}\n`;
}

function updateCommand(
  { shellWord }: Pick<Dsl, "shellWord">,
  file: string,
  golden: string,
  format: PathsFormat,
  options: PathsCommandOptions,
): string {
  const words = ["flowc", "paths", file];
  if (options.format !== undefined) words.push("--format", format);
  if (options.maxPaths !== undefined)
    words.push("--max-paths", String(options.maxPaths));
  for (const pair of options.inputs ?? []) words.push("--input", pair);
  words.push("--out", golden);
  return words.map(shellWord).join(" ");
}
