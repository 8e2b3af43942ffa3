import { request } from "node:http";
import { connect } from "node:net";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "@flowc/cli";
import { startStudio, type StudioServer } from "@flowc/studio";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

// The studio's server, running, as a browser (or an attacker) talks to it:
// every request goes over a real socket with the headers given here.

const FLOW = 'flow a "A"\n\nask q "Q?" {\n  option yes "Yes" { say "ok" }\n}\n';

let tmp: string;
let dir: string;
let appDir: string;
let outside: string;
let studio: StudioServer;
const errors: string[] = [];

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: Record<string, unknown>;
}

interface Ask {
  method?: string;
  /** The raw request target, sent as is (no normalisation of `..`). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Leave out the token header. */
  noToken?: boolean;
}

function ask(options: Ask): Promise<Reply> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${studio.port}`,
    ...(options.noToken ? {} : { "x-flowc-token": studio.token }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: studio.port, method: options.method ?? "GET", path: options.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(body) as Record<string, unknown>;
          } catch {
            // not JSON (an asset)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const origin = () => ({ origin: `http://127.0.0.1:${studio.port}` });
const put = (path: string, body: unknown, headers: Record<string, string> = origin()) =>
  ask({ method: "PUT", path: `/api/file?path=${path}`, headers, body: JSON.stringify(body) });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "flowc-studio-"));
  appDir = join(tmp, "app");
  mkdirSync(join(appDir, "assets"), { recursive: true });
  writeFileSync(join(appDir, "index.html"), "<!doctype html><title>studio</title>");
  writeFileSync(join(appDir, "assets", "app.js"), "console.log('studio')");
  outside = join(tmp, "outside");
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.flow"), "SECRET");
  writeFileSync(join(tmp, "secret.flow"), "SECRET");
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeEach(async () => {
  dir = mkdtempSync(join(tmp, "flows-"));
  writeFileSync(join(dir, "a.flow"), FLOW);
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "sub", "b.flow"), FLOW.replace("flow a", "flow b"));
  writeFileSync(join(dir, "notes.txt"), "not a flow");
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".git", "hidden.flow"), FLOW);
  mkdirSync(join(dir, "node_modules"));
  writeFileSync(join(dir, "node_modules", "dep.flow"), FLOW);
  symlinkSync(outside, join(dir, "out"));
  symlinkSync(join(outside, "secret.flow"), join(dir, "leak.flow"));
  symlinkSync(join(dir, "a.flow"), join(dir, "alias.flow"));
  errors.length = 0;
  studio = await startStudio({
    dir,
    appDir,
    pollInterval: 50,
    writeFile: (file, text) => writeFileAtomic(file, text, { link: "through" }),
    onError: (message) => errors.push(message),
  });
});

afterEach(async () => {
  await studio.close();
  expect(errors).toEqual([]);
});

describe("the studio server's API", () => {
  it("listens on 127.0.0.1 with a long random token in its address", () => {
    expect(studio.host).toBe("127.0.0.1");
    expect(studio.url).toBe(`http://127.0.0.1:${studio.port}/?token=${studio.token}`);
    expect(studio.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("lists the .flow files under the folder, not hidden ones, node_modules or links out", async () => {
    const r = await ask({ path: "/api/files" });
    expect(r.status).toBe(200);
    const files = r.json.files as { path: string; mtime: number }[];
    expect(files.map((f) => f.path)).toEqual(["a.flow", "alias.flow", "sub/b.flow"]);
    for (const f of files) expect(typeof f.mtime).toBe("number");
    expect(r.headers["cache-control"]).toBe("no-store");
  });

  it("reads a flow with its mtime; a missing one is 404", async () => {
    const r = await ask({ path: "/api/file?path=sub/b.flow" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ path: "sub/b.flow", text: FLOW.replace("flow a", "flow b") });
    expect(typeof r.json.mtime).toBe("number");
    expect(r.json.mtime).toBe((r.json.mtime as number) + 0);

    const missing = await ask({ path: "/api/file?path=nope.flow" });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: "not-found", message: "no such flow: nope.flow" });
  });

  it("creates a new file (expectedMtime null), in a new folder too, and refuses to create one twice", async () => {
    const created = await put("new%2Fdeep%2Fc.flow", { text: FLOW, expectedMtime: null });
    expect(created.status).toBe(200);
    expect(created.json.path).toBe("new/deep/c.flow");
    expect(readFileSync(join(dir, "new/deep/c.flow"), "utf8")).toBe(FLOW);

    const again = await put("new/deep/c.flow", { text: "other", expectedMtime: null });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({
      error: "changed-on-disk",
      message: "new/deep/c.flow already exists",
      mtime: created.json.mtime,
    });
    expect(readFileSync(join(dir, "new/deep/c.flow"), "utf8")).toBe(FLOW);
  });

  it("saves when the file is the one read, and answers 409 with the new mtime when it changed on disk", async () => {
    const read = await ask({ path: "/api/file?path=a.flow" });
    const saved = await put("a.flow", { text: FLOW + "\n// one\n", expectedMtime: read.json.mtime });
    expect(saved.status).toBe(200);
    expect(readFileSync(join(dir, "a.flow"), "utf8")).toBe(FLOW + "\n// one\n");
    // No temporary file is left behind.
    expect(readdirSync(dir).filter((f) => f.startsWith(".flowc-tmp"))).toEqual([]);

    // Another program changes it: the page's mtime is stale now.
    writeFileSync(join(dir, "a.flow"), "changed by someone else");
    utimesSync(join(dir, "a.flow"), new Date(), new Date(Date.now() + 5000));
    const stale = await put("a.flow", { text: "mine", expectedMtime: saved.json.mtime });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toBe("changed-on-disk");
    expect(stale.json.mtime).not.toBe(saved.json.mtime);
    expect(readFileSync(join(dir, "a.flow"), "utf8")).toBe("changed by someone else");

    // Deleted meanwhile: 409 with mtime null.
    unlinkSync(join(dir, "sub/b.flow"));
    const gone = await put("sub/b.flow", { text: "x", expectedMtime: 1 });
    expect(gone.status).toBe(409);
    expect(gone.json.mtime).toBeNull();
  });

  it("writes through a link that stays inside the folder, keeping the link", async () => {
    const read = await ask({ path: "/api/file?path=alias.flow" });
    expect(read.json.text).toBe(FLOW);
    const saved = await put("alias.flow", { text: "through the link", expectedMtime: read.json.mtime });
    expect(saved.status).toBe(200);
    expect(readFileSync(join(dir, "a.flow"), "utf8")).toBe("through the link");
  });

  it("answers bad bodies with 400 and a sentence, never a stack trace", async () => {
    for (const body of ["not json", "{}", '{"text": 1, "expectedMtime": null}', '{"text": "x"}', '{"text":"x","expectedMtime":"1"}']) {
      const r = await ask({ method: "PUT", path: "/api/file?path=a.flow", headers: origin(), body });
      expect(r.status, body).toBe(400);
      expect(r.json.error).toBe("bad-request");
      expect(r.body).not.toMatch(/\n\s+at |node:internal|\.ts:\d+/);
    }
    const wrongMethod = await ask({ method: "DELETE", path: "/api/file?path=a.flow", headers: origin() });
    expect(wrongMethod.status).toBe(405);
    const unknown = await ask({ path: "/api/nope" });
    expect(unknown.status).toBe(404);
  });

  it("streams change events for outside edits, creations and deletions, not for its own writes", async () => {
    const events = await listen();
    try {
      const read = await ask({ path: "/api/file?path=a.flow" });
      await put("a.flow", { text: "saved by the studio", expectedMtime: read.json.mtime });
      await put("made.flow", { text: FLOW, expectedMtime: null });
      await sleep(300);
      // alias.flow is a link to a.flow: the same text changed under another name, so a page showing it hears of it.
      expect(events.received.map((e) => e.path)).toEqual(["alias.flow"]);
      await events.next();

      writeFileSync(join(dir, "sub/b.flow"), "edited outside");
      utimesSync(join(dir, "sub/b.flow"), new Date(), new Date(Date.now() + 5000));
      const edited = await events.next();
      expect(edited.path).toBe("sub/b.flow");
      expect(edited.mtime).toBeTypeOf("number");

      writeFileSync(join(dir, "outside-new.flow"), FLOW);
      expect((await events.next()).path).toBe("outside-new.flow");

      unlinkSync(join(dir, "a.flow"));
      expect(await events.next()).toEqual({ path: "a.flow", mtime: null });
      // alias.flow led to a.flow: it is gone from the listing as well.
      expect(await events.next()).toEqual({ path: "alias.flow", mtime: null });
    } finally {
      events.close();
    }
  });
});

describe("the studio server refuses", () => {
  it("requests whose Host is not its own address (DNS rebinding)", async () => {
    for (const host of [`evil.example:${studio.port}`, "127.0.0.1:1", "127.0.0.1", `127.0.0.1.evil.example:${studio.port}`]) {
      for (const path of ["/", "/api/files"]) {
        const r = await ask({ path, headers: { host } });
        expect(r.status, `${host} ${path}`).toBe(403);
        if (host !== "") expect(r.json.error).toBe("bad-host");
      }
    }
    expect((await ask({ path: "/api/files", headers: { host: `localhost:${studio.port}` } })).status).toBe(200);
    // No Host at all (HTTP/1.0 allows it): refused too.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(studio.port, "127.0.0.1", () => socket.end("GET / HTTP/1.0\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 403 /);
  });

  it("API requests without the token, or with a wrong one", async () => {
    expect((await ask({ path: "/api/files", noToken: true })).status).toBe(403);
    const wrong = await ask({ path: "/api/files", headers: { "x-flowc-token": "x".repeat(32) } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toBe("bad-token");
    // The token in the address counts only for the event stream (EventSource cannot send headers).
    expect((await ask({ path: `/api/files?token=${studio.token}`, noToken: true })).status).toBe(403);
    expect((await ask({ path: "/api/file?path=a.flow", noToken: true })).status).toBe(403);
    expect((await ask({ path: "/api/events", noToken: true })).status).toBe(403);
    expect((await ask({ path: "/api/events?token=wrong", noToken: true })).status).toBe(403);
    const write = await ask({
      method: "PUT",
      path: "/api/file?path=a.flow",
      noToken: true,
      headers: origin(),
      body: JSON.stringify({ text: "x", expectedMtime: null }),
    });
    expect(write.status).toBe(403);
    expect(readFileSync(join(dir, "a.flow"), "utf8")).toBe(FLOW);
  });

  it("writes without the studio's own Origin", async () => {
    const origins: Record<string, string>[] = [
      {},
      { origin: "http://evil.example" },
      { origin: "null" },
      { origin: `http://localhost:${studio.port}` },
    ];
    for (const headers of origins) {
      const r = await put("new.flow", { text: FLOW, expectedMtime: null }, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.json.error).toBe("bad-origin");
    }
    expect(existsSync(join(dir, "new.flow"))).toBe(false);
    // Same origin by the other loopback name works.
    const local = await put("new.flow", { text: FLOW, expectedMtime: null }, {
      host: `localhost:${studio.port}`,
      origin: `http://localhost:${studio.port}`,
    });
    expect(local.status).toBe(200);
  });

  it("paths with .., encoded .., absolute paths, NUL, backslashes, hidden folders or another extension", async () => {
    const bad = [
      "../secret.flow",
      "%2e%2e%2fsecret.flow",
      "sub%2F..%2F..%2Fsecret.flow",
      "sub/../../secret.flow",
      "%2Fetc%2Fpasswd.flow",
      `${encodeURIComponent(join(tmp, "secret.flow"))}`,
      "a.flow%00.txt",
      "a%00.flow",
      "..%5Csecret.flow",
      "C:%5Csecret.flow",
      ".git%2Fhidden.flow",
      "node_modules/dep.flow",
      "notes.txt",
      "a.flow%2F",
      "",
      ".flow",
    ];
    for (const path of bad) {
      const read = await ask({ path: `/api/file?path=${path}` });
      expect(read.status, `read ${path}`).toBe(400);
      expect(read.json.error).toBe("bad-path");
      const write = await put(path, { text: "pwned", expectedMtime: null });
      expect(write.status, `write ${path}`).toBe(400);
    }
    expect((await ask({ path: "/api/file" })).status).toBe(400);
    expect(readFileSync(join(tmp, "secret.flow"), "utf8")).toBe("SECRET");
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("not a flow");
  });

  it("symbolic links that lead outside the folder, for reading and writing", async () => {
    for (const path of ["leak.flow", "out/secret.flow", "out/new.flow"]) {
      const read = await ask({ path: `/api/file?path=${path}` });
      expect(read.status, path).toBe(path === "out/new.flow" ? 403 : 403);
      expect(read.json.error).toBe("outside-folder");
      const write = await put(path, { text: "pwned", expectedMtime: null });
      expect(write.status, path).toBe(403);
      expect(write.json.error).toBe("outside-folder");
    }
    // A dangling link out is refused too, not created through.
    symlinkSync(join(outside, "planted.flow"), join(dir, "dangling.flow"));
    expect((await put("dangling.flow", { text: "pwned", expectedMtime: null })).status).toBe(403);
    expect((await ask({ path: "/api/file?path=dangling.flow" })).status).toBe(403);
    expect(existsSync(join(outside, "planted.flow"))).toBe(false);
    expect(existsSync(join(outside, "new.flow"))).toBe(false);
    expect(readFileSync(join(outside, "secret.flow"), "utf8")).toBe("SECRET");
  });

  it("request bodies over the size limit (32 MB) with 413, writing nothing", async () => {
    const text = "x".repeat(32 * 1024 * 1024 + 1);
    const r = await put("big.flow", { text, expectedMtime: null });
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      error: "too-large",
      message: "the text is larger than 32 MB, the most the studio reads or writes",
    });
    expect(existsSync(join(dir, "big.flow"))).toBe(false);
  });

  it("a body sent in chunks (no Content-Length) past the limit, still answering 413", async () => {
    const small = await startStudio({ dir, appDir, maxBytes: 1024, writeFile: () => Promise.reject(new Error("no write")) });
    try {
      const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: small.port,
            method: "PUT",
            path: "/api/file?path=chunked.flow",
            headers: {
              host: `127.0.0.1:${small.port}`,
              origin: `http://127.0.0.1:${small.port}`,
              "x-flowc-token": small.token,
              "transfer-encoding": "chunked",
            },
          },
          (res) => {
            let body = "";
            res.on("data", (c: Buffer) => (body += c.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        req.write(`{"text":"${"x".repeat(800)}`);
        req.write(`${"x".repeat(800)}","expectedMtime":null}`);
        req.end();
      });
      expect(status.status).toBe(413);
      expect(JSON.parse(status.body)).toEqual({
        error: "too-large",
        message: "the text is larger than 1024 bytes, the most the studio reads or writes",
      });
      expect(existsSync(join(dir, "chunked.flow"))).toBe(false);
    } finally {
      await small.close();
    }
  });

  it("anything but its own assets: no file of the folder, no .. out of the app", async () => {
    const page = await ask({ path: "/", noToken: true });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    const script = await ask({ path: "/assets/app.js", noToken: true });
    expect(script.body).toBe("console.log('studio')");
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");

    for (const path of [
      "/../secret.flow",
      "/%2e%2e/secret.flow",
      "/%2E%2E%2Fsecret.flow",
      "/assets/..%2f..%2fsecret.flow",
      "/a.flow",
      "/assets",
      "/index.html%00",
      "/%ZZ",
      `/${encodeURIComponent(join(tmp, "secret.flow"))}`,
    ]) {
      const r = await ask({ path, noToken: true });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain("SECRET");
    }
    expect((await ask({ method: "POST", path: "/", noToken: true })).status).toBe(405);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An open event stream: the change events received, in order. */
async function listen(): Promise<{
  received: { path: string; mtime: number | null }[];
  next(): Promise<{ path: string; mtime: number | null }>;
  close(): void;
}> {
  const received: { path: string; mtime: number | null }[] = [];
  let taken = 0;
  let wake: (() => void) | null = null;
  const req = request({
    host: "127.0.0.1",
    port: studio.port,
    path: `/api/events?token=${studio.token}`,
    headers: { host: `127.0.0.1:${studio.port}` },
  });
  await new Promise<void>((resolve, reject) => {
    req.on("response", (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (message.startsWith("event: change\n"))
            received.push(JSON.parse(message.split("\ndata: ")[1]!) as { path: string; mtime: number | null });
          wake?.();
        }
        // The first message (`retry`) says the stream is open and the snapshot taken.
        resolve();
      });
    });
    req.on("error", reject);
    req.end();
  });
  return {
    received,
    async next() {
      const deadline = Date.now() + 5000;
      while (received.length <= taken) {
        if (Date.now() > deadline) throw new Error(`no change event came (had ${JSON.stringify(received)})`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return received[taken++]!;
    },
    close: () => req.destroy(),
  };
}
