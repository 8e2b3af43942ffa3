/**
 * @flowc/studio — the server behind `flowc studio`: serves the studio web
 * app and an HTTP API over the `.flow` files of one folder (docs/studio.md).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ChangeEvents } from "./events.js";
import { Guard, isWildcard } from "./guard.js";
import { handle } from "./http.js";

export { isLoopback, isWildcard } from "./guard.js";
export type { FlowFile } from "./files.js";

/**
 * The most the studio reads or writes of one flow, and the largest request
 * body it accepts: the limit `flowc` itself reads a flow file up to.
 */
export const MAX_FLOW_BYTES = 32 * 1024 * 1024;

/** The port `flowc studio` tries first. */
export const DEFAULT_PORT = 5178;

export interface StudioOptions {
  /** The folder whose `.flow` files the studio serves and writes. */
  readonly dir: string;
  /**
   * Writes a flow's text to a file atomically (readers see the old or the
   * whole new text, never a part), through a symbolic link that stays in its
   * folder. `flowc studio` passes @flowc/cli's `writeFileAtomic`.
   */
  readonly writeFile: (file: string, text: string) => Promise<void>;
  /** The address to listen on; default `127.0.0.1`. Anything not loopback exposes the folder to the network. */
  readonly host?: string;
  /** The port; default 0 (any free port). A busy port rejects with the listen error (code `EADDRINUSE`). */
  readonly port?: number;
  /** The secret the page must present; default 24 random bytes. */
  readonly token?: string;
  /** The built web app; default the `app/` folder beside this module (dist/app). */
  readonly appDir?: string;
  /** Largest flow read or written, in bytes; default MAX_FLOW_BYTES. */
  readonly maxBytes?: number;
  /** How often (ms) the folder is looked at for changes while a page listens; default 500. */
  readonly pollInterval?: number;
  /** Told about a bug while answering a request (the browser gets no details); default: stderr. */
  readonly onError?: (message: string) => void;
}

export interface StudioServer {
  /** The address to open, with the token: `http://127.0.0.1:5178/?token=…`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The folder served, as a real path. */
  readonly dir: string;
  /** Stop listening, end the open event streams and connections. */
  close(): Promise<void>;
}

/** Start a studio server for `options.dir`; resolves once it listens. */
export async function startStudio(options: StudioOptions): Promise<StudioServer> {
  const root = await realpath(options.dir);
  if (!(await stat(root)).isDirectory()) throw new Error(`${options.dir} is not a folder`);
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? randomBytes(24).toString("base64url");
  let port = 0;
  const guard = new Guard(token, host, () => port);
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  // Real path: assets are checked to lie inside it by their real paths.
  const configured = options.appDir ?? defaultAppDir();
  const appDir = await realpath(configured).catch(() => configured);
  const events = new ChangeEvents(root, options.pollInterval ?? 500, exclusive);
  const server: Server = createServer((req, res) => {
    void handle(
      {
        root,
        appDir,
        guard,
        events,
        maxBytes: options.maxBytes ?? MAX_FLOW_BYTES,
        writeFile: options.writeFile,
        exclusive,
        onError: options.onError ?? ((message) => void process.stderr.write(`flowc studio: ${message}\n`)),
      },
      req,
      res,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = isWildcard(host) ? "127.0.0.1" : host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    host,
    port,
    token,
    dir: root,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Where the built app is: `app/` beside the bundled module (dist/index.js →
 * dist/app), or, when run from the sources (tests), the package's dist/app.
 */
function defaultAppDir(): string {
  const beside = fileURLToPath(new URL("./app", import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL("../../dist/app", import.meta.url));
}
