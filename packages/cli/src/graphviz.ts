import { spawn } from "node:child_process";
import { UsageError } from "./errors.js";
import type { CliIO } from "./io.js";

export const INSTALL_GRAPHVIZ =
  "install Graphviz (e.g. apt-get install graphviz, brew install graphviz) or use --format dot";

/** Pictures Graphviz makes that `graph --out` takes from the file's extension. */
export const GRAPHVIZ_IMAGES: readonly string[] = [
  "svg",
  "png",
  "pdf",
  "jpg",
  "jpeg",
  "gif",
];

/**
 * DOT text → a picture through Graphviz's `dot -T<format>` (svg, png, …): no browser, no network.
 * The program is `dot` on the PATH, or `FLOWC_DOT` when set (a full path, for
 * machines where Graphviz is installed elsewhere). A missing program is a
 * usage problem (status 2) with what to do about it; so is Graphviz failing.
 */
export function renderImage(
  io: CliIO,
  dotText: string,
  format: string,
): Promise<Buffer> {
  const program =
    io.env.FLOWC_DOT !== undefined && io.env.FLOWC_DOT !== ""
      ? io.env.FLOWC_DOT
      : "dot";
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(io.env)) if (v !== undefined) env[k] = v;
  // An in-process caller may pass a bare environment; Graphviz is still looked up on the real PATH.
  if (env.PATH === undefined && process.env.PATH !== undefined)
    env.PATH = process.env.PATH;
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(program, [`-T${format}`], {
        cwd: io.cwd,
        env,
        stdio: ["pipe", "pipe", "pipe"],
      });
    } catch (error) {
      reject(notFound(program, format, error));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (error) => reject(notFound(program, format, error)));
    // dot may exit before reading everything (it failed): its status says why, not EPIPE.
    child.stdin.on("error", () => undefined);
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(out));
        return;
      }
      const message = Buffer.concat(err)
        .toString("utf8")
        .trim()
        .split("\n")
        .slice(0, 5)
        .join("\n");
      reject(
        new UsageError(
          `Graphviz could not render the diagram (${program} ${signal !== null ? `was stopped by ${signal}` : `exited with status ${code}`})${message !== "" ? `:\n${message}` : ""}`,
        ),
      );
    });
    child.stdin.end(dotText, "utf8");
  });
}

function notFound(program: string, format: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT" || code === "EACCES") {
    return new UsageError(
      `cannot render ${format.toUpperCase()}: Graphviz's \`${program}\` program was not found; ${INSTALL_GRAPHVIZ}`,
    );
  }
  return new UsageError(
    `cannot run Graphviz's \`${program}\`: ${(error as Error)?.message ?? String(error)}`,
  );
}
