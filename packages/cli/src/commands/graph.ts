import * as path from "node:path";
import { type Command, Option } from "commander";
import { loadDsl } from "../dsl.js";
import { UsageError } from "../errors.js";
import { readFlowFile, writeOut } from "../fs.js";
import { GRAPHVIZ_IMAGES, renderImage } from "../graphviz.js";
import type { CliContext, CliIO } from "../io.js";
import { checkForOutput } from "../report.js";
import { printable } from "../style.js";

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
      "write to a file instead of stdout: .svg, .png, .pdf, .jpg, .gif render a picture with Graphviz's dot; .dot/.gv is dot; .mmd is Mermaid; .md is Mermaid in a ```mermaid block",
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

type Output = GraphFormat | "markdown" | { readonly image: string };

const TEXT_EXTENSIONS: Readonly<Record<string, GraphFormat | "markdown">> = {
  ".mmd": "mermaid",
  ".mermaid": "mermaid",
  ".dot": "dot",
  ".gv": "dot",
  ".md": "markdown",
  ".markdown": "markdown",
  // Plain text: the default language, as on stdout.
  ".txt": "mermaid",
};

/**
 * What to produce, from --format and the --out extension: a picture
 * Graphviz can make (.svg, .png, .pdf, …) is rendered from dot; a text
 * extension picks its language unless --format says otherwise; any other
 * extension needs --format, so Mermaid text never lands in a `.png`. A
 * contradiction is a usage error.
 */
function outputKind(options: GraphOptions): Output {
  const ext =
    options.out === undefined ? "" : path.extname(options.out).toLowerCase();
  const image = ext.slice(1);
  if (ext !== "" && GRAPHVIZ_IMAGES.includes(image)) {
    if (options.format === "mermaid") {
      throw new UsageError(
        `--out ${ext} renders with Graphviz, which draws dot, not Mermaid: drop --format mermaid (or write a .mmd file)`,
      );
    }
    return { image };
  }
  if (options.format !== undefined) return options.format;
  if (options.out === undefined) return "mermaid";
  const byExtension = TEXT_EXTENSIONS[ext];
  if (byExtension !== undefined) return byExtension;
  throw new UsageError(
    `--out ${options.out}: flowc does not know what to write into a ${ext === "" ? "file without an extension" : `${ext} file`}; use .mmd, .txt or .md (Mermaid), .dot or .gv (dot), a picture Graphviz makes (${GRAPHVIZ_IMAGES.map((e) => `.${e}`).join(", ")}), or give --format`,
  );
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

  // Labels come from the flow: text output is made printable (a label with ESC shows ␛).
  let out: string | Buffer;
  if (kind === "mermaid") out = printable(dsl.toMermaid(result));
  else if (kind === "markdown")
    out = `\`\`\`mermaid\n${printable(dsl.toMermaid(result))}\`\`\`\n`;
  else if (kind === "dot") out = printable(dsl.toDot(result));
  else out = await renderImage(io, printable(dsl.toDot(result)), kind.image);
  if (options.out === undefined) {
    io.stdout(typeof out === "string" ? out : out.toString("utf8"));
  } else {
    const target = path.resolve(io.cwd, options.out);
    await writeOut(target, options.out, out);
    io.stdout(`wrote ${printable(options.out)}\n`);
  }
  return result.errors > 0 ? 1 : 0;
}
