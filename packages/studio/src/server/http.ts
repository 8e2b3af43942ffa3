import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { StudioRequestError } from "./errors.js";
import type { ChangeEvents } from "./events.js";
import { listFlows } from "./files.js";
import type { Guard } from "./guard.js";
import { existingFlow, writableFlow } from "./paths.js";
import { sendAsset } from "./assets.js";

/** What the request handler works with. */
export interface HandlerContext {
  /** The studio's folder, as a real path. */
  readonly root: string;
  readonly appDir: string;
  readonly guard: Guard;
  readonly events: ChangeEvents;
  readonly maxBytes: number;
  readonly writeFile: (file: string, text: string) => Promise<void>;
  readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  /** Where a bug's details go (the terminal), never to the browser. */
  readonly onError: (message: string) => void;
}

/**
 * Headers on every response. The token is in the page's address, so no
 * referrer ever leaves; the page may not be framed by another site
 * (clickjacking a Save); scripts, styles and connections come from this
 * server only.
 */
const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
} as const;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Answer one request; never throws, never sends a stack trace. */
export async function handle(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  try {
    await route(ctx, req, res);
  } catch (error) {
    if (error instanceof StudioRequestError) {
      if (error.status === 413) res.setHeader("Connection", "close");
      sendJson(res, error.status, { error: error.code, message: error.message, ...error.extra });
    } else {
      ctx.onError(`internal error answering ${req.method} ${(req.url ?? "").split("?")[0]}: ${describe(error)}`);
      sendJson(res, 500, { error: "internal", message: "the studio server failed; see its terminal" });
    }
  }
}

async function route(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = ctx.guard.checkHost(req);
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const pathname = query < 0 ? url : url.slice(0, query);
  const params = new URLSearchParams(query < 0 ? "" : url.slice(query + 1));
  const method = req.method ?? "GET";

  if (!pathname.startsWith("/api/")) {
    if (method !== "GET" && method !== "HEAD") throw notAllowed("GET");
    await sendAsset(ctx.appDir, pathname, res, method === "HEAD");
    return;
  }

  if (pathname === "/api/events") {
    // EventSource cannot send headers: its token comes in the address.
    ctx.guard.checkToken(params.get("token"));
    if (method !== "GET") throw notAllowed("GET");
    await ctx.events.add(res);
    return;
  }

  ctx.guard.checkToken(header(req, "x-flowc-token"));
  if (pathname === "/api/files") {
    if (method !== "GET") throw notAllowed("GET");
    sendJson(res, 200, { files: await listFlows(ctx.root) });
  } else if (pathname === "/api/file" && method === "GET") {
    const flow = await existingFlow(ctx.root, params.get("path"));
    const info = await stat(flow.file);
    if (info.size > ctx.maxBytes) throw tooLarge(ctx.maxBytes, "this file is");
    let text: string;
    try {
      text = utf8.decode(await readFile(flow.file));
    } catch {
      // Shown with replacement characters and saved back, the file would be damaged.
      throw new StudioRequestError(400, "not-utf8", `${flow.rel} is not UTF-8 text; save it as UTF-8 to open it here`);
    }
    sendJson(res, 200, { path: flow.rel, text, mtime: info.mtimeMs });
  } else if (pathname === "/api/file" && method === "PUT") {
    ctx.guard.checkOrigin(req, host);
    await saveFlow(ctx, req, res, params.get("path"));
  } else if (pathname === "/api/file") {
    throw notAllowed("GET, PUT");
  } else {
    throw new StudioRequestError(404, "not-found", `no such API: ${pathname}`);
  }
}

/** PUT /api/file: write the text atomically if the file on disk is still the one the page read. */
async function saveFlow(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, rel: string | null) {
  const body = parseSave(await readBody(req, ctx.maxBytes));
  const saved = await ctx.exclusive(async () => {
    const target = await writableFlow(ctx.root, rel);
    if (target.mtime !== body.expectedMtime) {
      const message =
        body.expectedMtime === null
          ? `${target.rel} already exists`
          : target.mtime === null
            ? `${target.rel} was deleted on disk`
            : `${target.rel} changed on disk since it was opened`;
      throw new StudioRequestError(409, "changed-on-disk", message, { mtime: target.mtime });
    }
    try {
      await ctx.writeFile(target.file, body.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ELINKOUT")
        throw new StudioRequestError(403, "outside-folder", `${target.rel} is a symbolic link out of its folder`);
      throw error;
    }
    const mtime = (await stat(target.file)).mtimeMs;
    ctx.events.remember(target.rel, mtime);
    return { path: target.rel, mtime };
  });
  sendJson(res, 200, saved);
}

function parseSave(raw: string): { text: string; expectedMtime: number | null } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new StudioRequestError(400, "bad-request", "the body is not JSON");
  }
  const { text, expectedMtime } = (body ?? {}) as { text?: unknown; expectedMtime?: unknown };
  if (typeof text !== "string")
    throw new StudioRequestError(400, "bad-request", 'the body needs "text": the whole flow as a string');
  if (expectedMtime !== null && (typeof expectedMtime !== "number" || !Number.isFinite(expectedMtime)))
    throw new StudioRequestError(
      400,
      "bad-request",
      'the body needs "expectedMtime": the mtime the file was read with, or null to create it',
    );
  return { text, expectedMtime };
}

/**
 * The request body as UTF-8, refused (413) past `max` bytes without keeping
 * more than that. The rest of a refused body is read and dropped, so the
 * answer still reaches the client (the connection is closed after it).
 */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      reject(tooLarge(max, "the text is"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > max) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(max, "the text is"));
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (!refused) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

function tooLarge(max: number, what: string): StudioRequestError {
  return new StudioRequestError(413, "too-large", `${what} larger than ${formatBytes(max)}, the most the studio reads or writes`);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${n} bytes`;
}

function notAllowed(allow: string): StudioRequestError {
  return new StudioRequestError(405, "method-not-allowed", `use ${allow} here`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}
