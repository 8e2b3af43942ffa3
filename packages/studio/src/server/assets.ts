import { open, realpath } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import * as path from "node:path";
import { StudioRequestError } from "./errors.js";
import { isInside } from "./paths.js";

/**
 * The studio's own web app (the vite build in dist/app): the only other
 * thing the server sends. A URL path is decoded segment by segment and must
 * name a file inside the app's folder, by its real path too; `..`, encoded
 * `..`, NUL and backslashes are refused before the disk is touched.
 */

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

const notFound = () => new StudioRequestError(404, "not-found", "no such page");

/** The segments of a URL path (`/assets/x.js`), decoded; `/` is the app's index.html. */
export function assetSegments(pathname: string): string[] {
  if (pathname === "/" || pathname === "") return ["index.html"];
  const raw = pathname.slice(1).split("/");
  const segments: string[] = [];
  for (const part of raw) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      throw notFound();
    }
    if (segment === "" || segment === "." || segment === ".." || /[\\/\0]/.test(segment)) throw notFound();
    segments.push(segment);
  }
  return segments;
}

/** Send the asset at `pathname` (GET, or only its headers for HEAD). */
export async function sendAsset(
  appDir: string,
  pathname: string,
  res: ServerResponse,
  headOnly: boolean,
): Promise<void> {
  const segments = assetSegments(pathname);
  const absolute = path.join(appDir, ...segments);
  const real = await realpath(absolute).catch(() => null);
  if (real === null || !isInside(real, appDir)) throw notFound();
  const handle = await open(real, "r").catch(() => null);
  if (handle === null) throw notFound();
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notFound();
    const body = headOnly ? null : await handle.readFile();
    res.writeHead(200, {
      "Content-Type": TYPES[path.extname(real).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": info.size,
      // Hashed file names under assets/ never change; the page itself may.
      "Cache-Control": segments[0] === "assets" ? "public, max-age=31536000, immutable" : "no-cache",
    });
    res.end(body);
  } finally {
    await handle.close();
  }
}
