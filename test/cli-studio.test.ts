import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `flowc studio`, the built bin, as a user runs it: it prints its address,
// serves until Ctrl+C (SIGINT), and says plainly why it cannot start.
const bin = fileURLToPath(new URL("../packages/cli/bin/flowc.js", import.meta.url));
const FLOW = 'flow a "A"\n\nask q "Q?" {\n  option yes "Yes" { say "ok" }\n}\n';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "flowc-cli-studio-"));
  writeFileSync(join(dir, "a.flow"), FLOW);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit status. */
  exited: Promise<number | null>;
}

function studio(args: readonly string[]): Running {
  const child = spawn(process.execPath, [bin, "studio", ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The address printed, once it is. */
async function address(run: Running): Promise<URL> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /^flowc studio: (http:\/\/\S+)$/m.exec(run.stdout());
    if (match) return new URL(match[1]!);
    if (Date.now() > deadline || run.child.exitCode !== null)
      throw new Error(`no address printed:\n${run.stdout()}\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function occupy(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("flowc studio", () => {
  it("prints its address with a token, serves the folder's flows, and stops cleanly on Ctrl+C", async () => {
    const run = studio(["--port", "0"]);
    const url = await address(run);
    expect(url.hostname).toBe("127.0.0.1");
    expect(url.pathname).toBe("/");
    const token = url.searchParams.get("token")!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(run.stdout()).toContain("Serving the flows in this folder. Press Ctrl+C to stop.\n");

    const files = await fetch(new URL("/api/files", url), { headers: { "X-Flowc-Token": token } });
    expect(((await files.json()) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(["a.flow"]);
    expect((await fetch(new URL("/api/files", url))).status).toBe(403);

    run.child.kill("SIGINT");
    const code = await run.exited;
    expect({ code, signal: run.child.signalCode, out: run.stdout(), err: run.stderr() }).toMatchObject({ code: 0 });
    expect(run.stdout()).toMatch(/flowc studio: stopped\n$/);
    expect(run.stderr()).toBe("");
  });

  it("takes another free port when 5178 is busy, unless --port asked for it", async () => {
    // Held by this test, or already by another program: busy either way.
    const held = await occupy(5178);
    try {
      const run = studio([]);
      const url = await address(run);
      expect(url.port).not.toBe("5178");
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);

      const explicit = studio(["--port", "5178"]);
      expect(await explicit.exited).toBe(2);
      expect(explicit.stderr()).toBe(
        "flowc: port 5178 is in use by another program; give another with --port, or --port 0 for any free port\n",
      );
    } finally {
      held?.close();
    }
  });

  it("refuses a bad port, a missing folder and a file with status 2", async () => {
    for (const [args, message] of [
      [["--port", "http"], "flowc: --port http: give a port number from 0 to 65535 (0: any free port)\n"],
      [["--port", "70000"], "flowc: --port 70000: give a port number from 0 to 65535 (0: any free port)\n"],
      [["nope"], "flowc: nope: no such file or folder\n"],
      [["a.flow"], "flowc: a.flow: is a file; give the folder of your flows\n"],
    ] as const) {
      const run = studio(args);
      expect(await run.exited, args.join(" ")).toBe(2);
      expect(run.stderr()).toBe(message);
      expect(run.stdout()).toBe("");
    }
  });

  it("warns when --host opens it to the network", async () => {
    const run = studio(["--port", "0", "--host", "0.0.0.0"]);
    await address(run);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe(
      "flowc studio: warning: listening on 0.0.0.0, not only on this computer: anyone who can reach it and learns the address with its token can read and change the flows in this folder\n",
    );
  });
});
