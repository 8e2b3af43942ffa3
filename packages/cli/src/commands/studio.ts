import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import * as path from "node:path";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { describeFsError, writeFileAtomic } from "../fs.js";
import type { CliContext } from "../io.js";

export interface StudioCommandOptions {
  readonly port?: string;
  readonly host?: string;
  readonly open?: boolean;
}

/**
 * `flowc studio [DIR]`: the studio web app for the flows under DIR, served
 * on this computer (docs/studio.md). Prints the address with its token,
 * then serves until Ctrl+C (SIGINT) or SIGTERM, and closes cleanly.
 */
export function registerStudio(program: Command, ctx: CliContext): void {
  program
    .command("studio")
    .description("open the studio in the browser: edit the flows under DIR and watch them play")
    .argument("[dir]", "the folder of the flows", ".")
    .option("--port <n>", "the port to listen on (default: 5178, or a free one when it is taken; 0: any free port)")
    .option("--host <address>", "the address to listen on (default 127.0.0.1: this computer only)")
    .option("--open", "open the studio in the default browser")
    .action(async (dir: string, options: StudioCommandOptions) => {
      await runStudio(ctx, dir, options);
    });
}

async function runStudio(ctx: CliContext, dir: string, options: StudioCommandOptions): Promise<void> {
  const { io } = ctx;
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const host = options.host ?? "127.0.0.1";
  const absolute = path.resolve(io.cwd, dir);
  const info = await stat(absolute).catch((error: unknown) => {
    throw new UsageError(`${dir}: ${describeFsError(error)}`);
  });
  if (!info.isDirectory()) throw new UsageError(`${dir}: is a file; give the folder of your flows`);

  // Loaded here: only this command needs the server.
  const { DEFAULT_PORT, isLoopback, startStudio } = await import("@flowc/studio");
  const start = (on: number) =>
    startStudio({
      dir: absolute,
      host,
      port: on,
      // Through a link that stays in its folder, as `flowc fmt` writes: the link is kept.
      writeFile: (file, text) => writeFileAtomic(file, text, { link: "through" }),
      onError: (message) => io.stderr(`flowc studio: ${message}\n`),
    });
  let server;
  try {
    server = await start(port ?? DEFAULT_PORT);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" && port === undefined) server = await start(0).catch(listenError(host, 0));
    else throw listenError(host, port ?? DEFAULT_PORT)(error);
  }

  const shown = dir === "." ? "this folder" : dir;
  if (!isLoopback(host)) {
    io.stderr(
      `flowc studio: warning: listening on ${host}, not only on this computer: anyone who can reach it and learns the address with its token can read and change the flows in ${shown}\n`,
    );
  }
  io.stdout(`flowc studio: ${server.url}\n`);
  io.stdout(`Serving the flows in ${shown}. Press Ctrl+C to stop.\n`);
  if (options.open === true) openBrowser(server.url, (message) => io.stderr(`flowc studio: ${message}\n`));

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  io.stdout("flowc studio: stopped\n");
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`--port ${text}: give a port number from 0 to 65535 (0: any free port)`);
  return port;
}

/** A listen failure as the user's problem (status 2), said plainly. */
function listenError(host: string, port: number): (error: unknown) => never {
  return (error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new UsageError(`port ${port} is in use by another program; give another with --port, or --port 0 for any free port`);
    if (code === "EACCES")
      throw new UsageError(`not allowed to listen on port ${port} (ports below 1024 need administrator rights); give another with --port`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN")
      throw new UsageError(`--host ${host}: not an address of this computer`);
    throw error;
  };
}

/** Open `url` in the user's browser; a failure is a note, the address is printed anyway. */
function openBrowser(url: string, warn: (message: string) => void): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  const child = spawn(command, args, { stdio: "ignore", detached: true });
  child.on("error", () => warn("could not open a browser; open the address above yourself"));
  child.unref();
}
