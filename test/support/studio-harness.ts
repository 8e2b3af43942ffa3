import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, relative, resolve, sep } from "node:path";

/**
 * A stand-in for `flowc studio`'s server in the studio app's browser tests,
 * speaking the same HTTP API (docs/studio.md) over a folder: list, read,
 * write with the mtime check, and change events. It checks the token and
 * keeps paths inside the folder, but it is no security boundary: the real
 * server's own tests try its defences.
 */
export interface Harness {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};

export async function startHarness(dir: string, appDir: string, token = "test-token"): Promise<Harness> {
  const streams = new Set<ServerResponse>();
  const inside = (path: string) => {
    const file = resolve(dir, path);
    if (!file.startsWith(resolve(dir) + sep) || !file.endsWith(".flow")) throw new Error("bad path");
    return file;
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  // Looks at the folder's flows every 100 ms (as the real server polls); its own writes update `known` first.
  const known = new Map<string, number>();
  const scan = async () => {
    const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith(".flow"));
    const seen = new Set<string>();
    for (const name of names) {
      const path = name.split(sep).join("/");
      seen.add(path);
      const mtime = (await stat(join(dir, name)).catch(() => null))?.mtimeMs;
      if (mtime === undefined || known.get(path) === mtime) continue;
      const first = !known.has(path) && !scanned;
      known.set(path, mtime);
      if (!first) tell(path, mtime);
    }
    for (const path of known.keys()) if (!seen.has(path)) (known.delete(path), tell(path, null));
    scanned = true;
  };
  const tell = (path: string, mtime: number | null) => {
    for (const res of streams) res.write(`event: change\ndata: ${JSON.stringify({ path, mtime })}\n\n`);
  };
  let scanned = false;
  await scan();
  const timer = setInterval(() => void scan().catch(() => {}), 100);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    try {
      if (url.pathname.startsWith("/api/")) {
        const given = req.headers["x-flowc-token"] ?? url.searchParams.get("token");
        if (given !== token) return json(res, 403, { error: "bad-token", message: "no" });
        if (url.pathname === "/api/events") {
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
          res.write(": hello\n\n");
          streams.add(res);
          req.on("close", () => streams.delete(res));
          return;
        }
        if (url.pathname === "/api/files") {
          const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith(".flow")).sort();
          const files = await Promise.all(
            names.map(async (n) => ({ path: n.split(sep).join("/"), mtime: (await stat(join(dir, n))).mtimeMs })),
          );
          return json(res, 200, { files });
        }
        const path = url.searchParams.get("path") ?? "";
        const file = inside(path);
        if (req.method === "GET") {
          if (!existsSync(file)) return json(res, 404, { error: "not-found", message: path });
          return json(res, 200, { path, text: await readFile(file, "utf8"), mtime: (await stat(file)).mtimeMs });
        }
        let body = "";
        for await (const chunk of req) body += chunk;
        const { text, expectedMtime } = JSON.parse(body) as { text: string; expectedMtime: number | null };
        const now = existsSync(file) ? (await stat(file)).mtimeMs : null;
        if (now !== expectedMtime) return json(res, 409, { error: "changed-on-disk", message: "changed", mtime: now });
        await writeFile(`${file}.tmp`, text);
        await rename(`${file}.tmp`, file);
        const mtime = (await stat(file)).mtimeMs;
        known.set(relative(dir, file).split(sep).join("/"), mtime);
        return json(res, 200, { path, mtime });
      }
      const asset = resolve(appDir, `.${url.pathname === "/" ? "/index.html" : url.pathname}`);
      if (!asset.startsWith(resolve(appDir)) || !existsSync(asset)) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { "content-type": TYPES[extname(asset)] ?? "application/octet-stream" });
      res.end(readFileSync(asset));
    } catch (error) {
      json(res, 400, { error: "bad-request", message: String(error) });
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      clearInterval(timer);
      for (const res of streams) res.end();
      await new Promise((done) => server.close(done));
    },
  };
}
