import * as path from "node:path";
import { type Command, Option } from "commander";
import { loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import { readFlowFile } from "../files.js";
import { renderSvg } from "../graphviz.js";
import type { CliContext, CliIO } from "../io.js";
import { checkForOutput } from "../stderr-report.js";
import { writeOut } from "../write-out.js";

export type GraphFormat = "mermaid" | "dot";
export const GRAPH_FORMATS: readonly GraphFormat[] = ["mermaid", "dot"];

export interface GraphOptions {
  /** Unset: from the --out file's extension, else Mermaid. */
  readonly format?: GraphFormat;
  /** Write here (atomically) instead of stdout. */
  readonly out?: string;
}

export function registerGraph(program: Command, ctx: CliContext): void {
  program
    .command("graph")
    .description(
      "draw a .flow file as a diagram (Mermaid or Graphviz dot; an SVG picture through Graphviz)",
    )
    .argument("<file>", "the .flow file")
    .addOption(
      new Option(
        "--format <format>",
        "diagram language (default: from the --out extension, else mermaid)",
      ).choices(GRAPH_FORMATS),
    )
    .option(
      "--out <file>",
      "write to a file instead of stdout: .svg renders a picture with Graphviz's dot; .dot/.gv is dot; .md is Mermaid in a ```mermaid block",
    )
    .action(
      async (file: string, options: { format?: GraphFormat; out?: string }) => {
        ctx.exitCode = await runGraph(ctx.io, file, {
          ...(options.format !== undefined ? { format: options.format } : {}),
          ...(options.out !== undefined ? { out: options.out } : {}),
        });
      },
    );
}

type Output = "mermaid" | "dot" | "svg" | "markdown";

/** What to produce, from --format and the --out extension; a contradiction is a usage error. */
function outputKind(options: GraphOptions): Output {
  const ext =
    options.out === undefined ? "" : path.extname(options.out).toLowerCase();
  if (ext === ".svg") {
    if (options.format === "mermaid") {
      throw new UsageError(
        "--out .svg renders with Graphviz, which draws dot, not Mermaid: drop --format mermaid (or write a .mmd file)",
      );
    }
    return "svg";
  }
  if (options.format !== undefined) return options.format;
  if (ext === ".dot" || ext === ".gv") return "dot";
  if (ext === ".md" || ext === ".markdown") return "markdown";
  return "mermaid";
}

/**
 * Exit status: 0 when the diagram was made and the flow has no errors; 1 when
 * the flow has errors — the diagram is still made, with the problems marked,
 * but a broken flow should not pass a CI step silently — or syntax errors (no
 * diagram). Usage and file problems throw `UsageError` (status 2).
 */
export async function runGraph(
  io: CliIO,
  file: string,
  options: GraphOptions,
): Promise<number> {
  const kind = outputKind(options);
  const src = await readFlowFile(io, file);
  const dsl = await loadDsl();
  const result = checkForOutput(dsl, io, src, "diagram");
  if (result === null) return 1;

  let text: string;
  switch (kind) {
    case "mermaid":
      text = dsl.toMermaid(result);
      break;
    case "markdown":
      text = `\`\`\`mermaid\n${dsl.toMermaid(result)}\`\`\`\n`;
      break;
    case "dot":
      text = dsl.toDot(result);
      break;
    case "svg":
      text = await renderSvg(io, dsl.toDot(result));
      break;
  }
  if (options.out === undefined) {
    io.stdout(text);
  } else {
    const target = path.resolve(io.cwd, options.out);
    await writeOut(target, options.out, text);
    io.stdout(`wrote ${options.out}\n`);
  }
  return result.errors > 0 ? 1 : 0;
}
