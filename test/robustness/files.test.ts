/**
 * Nothing is ever lost: `flowc fmt` and `flowc build` write through a
 * temporary file and a rename, so a run that is killed or fails leaves every
 * existing file either as it was or complete and new; outputs never land
 * outside the output folder; and file-system problems are exit status 2 with
 * a plain message. The CLI runs as a child process (a bundle of the current
 * sources), killed with SIGKILL at random moments.
 *
 * Tests run as root here, and root reads and writes everything whatever the
 * permission bits; so the permission cases run the CLI as the unprivileged
 * user `nobody` (uid 65534) when the suite is root, and as the current user
 * otherwise. A full disk and a read-only file system need a tmpfs mount:
 * those cases run only where mounting is allowed (and are skipped, said so,
 * elsewhere).
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, deep, fuzzSeed, root, tempDir } from "./support.js";

let dir: string;
let cli: string;
const isRoot = process.getuid?.() === 0;
/** Spawn options that drop root's powers (so permission bits count). */
const unprivileged = isRoot ? { uid: 65534, gid: 65534 } : {};

beforeAll(async () => {
  dir = tempDir("files");
  mkdirSync(join(dir, "bin"));
  chmodSync(join(dir, "bin"), 0o755);
  await bundle(join(dir, "bin"), { flowc: join(root, "packages/cli/src/main.ts") });
  cli = join(dir, "bin/flowc.mjs");
}, 120_000);

afterAll(() => {
  if (mounted !== null) spawnSync("umount", [mounted]);
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function flowc(args: string[], cwd: string, extra: { asNobody?: boolean; input?: string } = {}): Run {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    ...(extra.asNobody ? unprivileged : {}),
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder (enterable by `nobody`) with the given files. */
function folder(name: string, files: Record<string, string> = {}): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  chmodSync(d, 0o755);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(d, f, ".."), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  return d;
}

/** Every file under `d` with its content (symbolic links as `-> target`). */
function snapshot(d: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(d).sort()) {
    const full = join(d, name);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) out.set(prefix + name, `-> ${readlinkSync(full)}`);
    else if (st.isDirectory()) for (const [k, v] of snapshot(full, `${prefix}${name}/`)) out.set(k, v);
    else out.set(prefix + name, readFileSync(full, "latin1"));
  }
  return out;
}

/** A big flow that is not in the canonical style (so fmt rewrites it). */
function messyFlow(asks: number, variant: number): string {
  const parts = [`flow f${variant}   "Flow ${variant}"\n`];
  for (let i = 0; i < asks; i++) {
    parts.push(`ask   q${i}   "Question ${i} v${variant}" {\n option a "A" {   say "a${i}" }\n      option b "B"\n}\n`);
  }
  parts.push('say   "end"\n');
  return parts.join("");
}

/** Runs flowc and kills it with SIGKILL after `ms` milliseconds (if still running). */
function killedAfter(args: string[], cwd: string, ms: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: "ignore", env: { PATH: process.env.PATH ?? "" } });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill("SIGKILL");
    }, ms);
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve({ killed });
    });
  });
}

const TEMP = /^\.flowc-tmp-/;
const TRIALS = deep ? 20 : 4;

describe("a run killed at any moment loses nothing", () => {
  const FILES = 6;
  const sources: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) sources[`f${i}.flow`] = messyFlow(deep ? 1_000 : 250, i);

  it(
    "fmt: every file is either as it was or completely formatted",
    async () => {
      // The complete result, from a run that is not interrupted.
      const full = folder("fmt-expected", sources);
      const t0 = Date.now();
      expect(flowc(["fmt", "."], full).code).toBe(0);
      const duration = Date.now() - t0;
      const formatted = snapshot(full);

      const delays = fc.sample(fc.integer({ min: 0, max: duration }), { numRuns: TRIALS, seed: fuzzSeed(99) });
      let leftTemps = 0;
      for (const [trial, ms] of delays.entries()) {
        const d = folder("fmt-killed", sources);
        await killedAfter(["fmt", "."], d, ms);
        for (const [name, text] of snapshot(d)) {
          if (TEMP.test(name)) {
            leftTemps++;
            continue;
          }
          expect([sources[name], formatted.get(name)], `${name} after a kill at ${ms} ms`).toContain(text);
        }
        // Leftover temporary files are never taken for flows, and the next run finishes the job.
        if (trial < delays.length - 1) continue;
        const again = flowc(["fmt", "."], d);
        expect(again.code, again.stderr).toBe(0);
        for (const [name, text] of formatted) expect(readFileSync(join(d, name), "latin1")).toBe(text);
        expect(flowc(["check", "."], d).stdout).toMatch(new RegExp(`in ${FILES} files`));
      }
      console.log(`[files] fmt: ${TRIALS} kills between 0 and ${duration} ms; ${leftTemps} temporary files left by killed writes`);
    },
    300_000,
  );

  it(
    "build: every output is either the previous one or the complete new one",
    async () => {
      for (const emit of ["ts", "json"]) {
        // Old outputs from a previous version of the flows.
        const previous = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, v.replace('say   "end"', 'say "the old end"')]));
        const old = folder(`build-old-${emit}`, previous);
        expect(flowc(["build", ".", "--out-dir", "out", "--emit", emit], old).code).toBe(0);
        const oldOut = snapshot(join(old, "out"));
        const full = folder(`build-new-${emit}`, sources);
        const t0 = Date.now();
        expect(flowc(["build", ".", "--out-dir", "out", "--emit", emit], full).code).toBe(0);
        const duration = Date.now() - t0;
        const newOut = snapshot(join(full, "out"));
        expect(newOut.size).toBe(FILES);

        const delays = fc.sample(fc.integer({ min: 0, max: duration }), { numRuns: TRIALS, seed: fuzzSeed(7) });
        for (const ms of delays) {
          const d = folder(`build-killed-${emit}`, sources);
          mkdirSync(join(d, "out"));
          for (const [name, text] of oldOut) writeFileSync(join(d, "out", name), text, "latin1");
          await killedAfter(["build", ".", "--out-dir", "out", "--emit", emit], d, ms);
          for (const [name, text] of snapshot(join(d, "out"))) {
            if (TEMP.test(name)) continue;
            expect([oldOut.get(name), newOut.get(name)], `out/${name} after a kill at ${ms} ms`).toContain(text);
          }
        }
      }
    },
    300_000,
  );
});

describe("outputs stay in the output folder", () => {
  it("whatever the file names, links and paths", () => {
    const d = folder("names", {
      "src/..flow": 'flow dots\nsay "x"\n',
      "src/.flow": 'flow hidden\nsay "x"\n',
      "src/new\nline.flow": 'flow nl\nsay "x"\n',
      "src/a b$(echo).flow": 'flow shell\nsay "x"\n',
      "src/victim.flow": 'flow victim\nsay "x"\n',
      "elsewhere/outside.flow": 'flow outside\nsay "x"\n',
      "precious.ts": "precious\n",
    });
    mkdirSync(join(d, "out"));
    // A link in the out dir that points outside it, and a dangling one: refused, before anything is written.
    symlinkSync("../precious.ts", join(d, "out/victim.ts"));
    symlinkSync("/nonexistent/flowc-target", join(d, "out/outside.ts"));
    const before = snapshot(d);
    let r = flowc(["build", "src", "../names/elsewhere/outside.flow", "--out-dir", "out"], d);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("out/victim.ts: cannot write: is a symbolic link to a place outside its folder");
    expect(r.stderr).toContain("out/outside.ts: cannot write: is a symbolic link to a place outside its folder");
    expect(snapshot(d)).toEqual(before);
    expect(readFileSync(join(d, "precious.ts"), "utf8")).toBe("precious\n");
    expect(existsSync("/nonexistent/flowc-target")).toBe(false);
    // A link that stays inside the out dir is replaced by a file; its target is not written through.
    rmSync(join(d, "out/victim.ts"));
    rmSync(join(d, "out/outside.ts"));
    writeFileSync(join(d, "out/kept.txt"), "kept\n");
    symlinkSync("kept.txt", join(d, "out/victim.ts"));
    r = flowc(["build", "src", "../names/elsewhere/outside.flow", "--out-dir", "out"], d);
    expect(r.code, r.stderr).toBe(0);
    const after = snapshot(d);
    // Outside out/: nothing changed at all.
    for (const [name, text] of before) if (!name.startsWith("out/")) expect(after.get(name), name).toBe(text);
    for (const name of after.keys()) expect(name.startsWith("out/") || before.has(name), `${name} was created`).toBe(true);
    expect(lstatSync(join(d, "out/victim.ts")).isFile()).toBe(true);
    expect(readFileSync(join(d, "out/kept.txt"), "utf8")).toBe("kept\n");
    expect([...after.keys()].filter((k) => k.startsWith("out/")).sort()).toEqual(
      ["out/..ts", "out/.ts", "out/a b$(echo).ts", "out/kept.txt", "out/new\nline.ts", "out/outside.ts", "out/victim.ts"].sort(),
    );
  });

  it("refuses two sources that would be built to one output, before writing anything", () => {
    const d = folder("clash", { "a/x.flow": 'flow a\nsay "a"\n', "b/x.flow": 'flow b\nsay "b"\n' });
    const r = flowc(["build", ".", "--out-dir", "out"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\/x\.flow and b\/x\.flow would both be built to/);
    expect(existsSync(join(d, "out"))).toBe(false);
  });
});

describe("file-system problems are exit status 2 with a plain message", () => {
  const ok = 'flow ok\nsay "hello"\n';

  it("a missing file or folder", () => {
    const d = folder("missing");
    const r = flowc(["check", "nope.flow", "nope-dir"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope.flow: no such file or folder");
    expect(r.stderr).toContain("nope-dir: no such file or folder");
    expect(flowc(["build", "nope.flow", "--out-dir", "out"], d).code).toBe(2);
    expect(flowc(["fmt", "nope.flow"], d).code).toBe(2);
    expect(flowc(["graph", "nope.flow"], d).code).toBe(2);
  });

  it("a folder where a file is expected, a file where a folder is expected", () => {
    const d = folder("kinds", { "a.flow": ok, "notadir": "x", "out/a.ts/keep": "" });
    let r = flowc(["graph", "out"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/out: is a folder/);
    // The output folder is a file.
    r = flowc(["build", "a.flow", "--out-dir", "notadir"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notadir\/a\.ts: cannot write: a file is in the way/);
    expect(readFileSync(join(d, "notadir"), "utf8")).toBe("x");
    // The output folder is below a file.
    r = flowc(["build", "a.flow", "--out-dir", "notadir/sub"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write: a part of the path is not a folder/);
    // The output file is a folder.
    r = flowc(["build", "a.flow", "--out-dir", "out"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/out\/a\.ts: cannot write: is a folder/);
    expect(readdirSync(join(d, "out")).filter((n) => TEMP.test(n))).toEqual([]);
    // A missing output folder is made.
    r = flowc(["build", "a.flow", "--out-dir", "new/deeper"], d);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(d, "new/deeper/a.ts"))).toBe(true);
  });

  it("special files: a named pipe is never opened (no hang), a device is not a flow", () => {
    const d = folder("special", { "a.flow": ok });
    const fifo = spawnSync("mkfifo", [join(d, "pipe.flow")]);
    if (fifo.status !== 0) return; // no mkfifo here
    // Found while walking a folder: skipped.
    let r = flowc(["check", "."], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/in 1 file/);
    // Named on the command line: refused.
    r = flowc(["check", "pipe.flow", "/dev/null"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pipe.flow: not a file or folder");
    expect(r.stderr).toContain("/dev/null: not a file or folder");
  });

  it("not UTF-8, a name too long, a link loop", () => {
    const d = folder("odd", { "latin1.flow": "" });
    writeFileSync(join(d, "latin1.flow"), Buffer.from([0x66, 0x6c, 0x6f, 0x77, 0x20, 0x66, 0x0a, 0xe9, 0xff, 0x0a]));
    symlinkSync("loop2", join(d, "loop1"));
    symlinkSync("loop1", join(d, "loop2"));
    // Paths that cannot be found are all reported together, before anything is read.
    let r = flowc(["check", `${"x".repeat(300)}.flow`, "loop1", "latin1.flow"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x{300}\.flow: (the name is too long|no such file or folder)/);
    expect(r.stderr).toContain("loop1: too many symbolic links");
    // Not UTF-8: an `encoding` error in the file (status 1) for the commands that take many files…
    r = flowc(["check", "latin1.flow"], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("latin1.flow:2:1: error[encoding]: The file is not UTF-8 text: the byte at line 2, column 1");
    for (const cmd of [["fmt", "latin1.flow"], ["build", "latin1.flow", "--out-dir", "out"]]) {
      r = flowc(cmd, d);
      expect(r.code, cmd.join(" ")).toBe(1);
      expect(r.stderr).toContain("error[encoding]");
      expect(r.stderr).not.toMatch(/internal error/);
    }
    // …and a file problem (status 2) for those that take one file.
    r = flowc(["graph", "latin1.flow"], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("flowc: latin1.flow: is not UTF-8 text (line 2, column 1; save it as UTF-8)\n");
    expect(existsSync(join(d, "out"))).toBe(false);
  });

  describe(`permissions (as ${isRoot ? "the unprivileged user nobody" : "the current user"})`, () => {
    it("an unreadable file, an unreadable folder", () => {
      const d = folder("perm-read", { "secret.flow": ok, "locked/inner.flow": ok, "fine.flow": ok });
      chmodSync(join(d, "secret.flow"), 0o000);
      chmodSync(join(d, "locked"), 0o000);
      // The folder that cannot be listed is found first…
      let r = flowc(["check", "."], d, { asNobody: true });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("locked: permission denied");
      // …and the file that cannot be read, by every command.
      for (const cmd of [["check", "secret.flow", "fine.flow"], ["fmt", "secret.flow"], ["build", "secret.flow", "--out-dir", "out"], ["graph", "secret.flow"]]) {
        r = flowc(cmd, d, { asNobody: true });
        expect(r.code, cmd.join(" ")).toBe(2);
        expect(r.stderr).toContain("secret.flow: permission denied");
        expect(r.stderr).not.toMatch(/internal error/);
      }
    });

    it("an output folder that cannot be written: nothing written, no temporary file left", () => {
      const d = folder("perm-out", { "a.flow": ok });
      mkdirSync(join(d, "out"));
      chmodSync(join(d, "out"), 0o555);
      chmodSync(d, 0o755);
      const r = flowc(["build", "a.flow", "--out-dir", "out"], d, { asNobody: true });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/out\/a\.ts: cannot write: permission denied/);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(readdirSync(join(d, "out"))).toEqual([]);
    });

    it("fmt in a folder that cannot be written: the file is left as it was", () => {
      const messy = 'flow  m\nsay   "x"\n';
      const d = folder("perm-fmt", { "ro/m.flow": messy });
      chmodSync(join(d, "ro"), 0o555);
      chmodSync(join(d, "ro/m.flow"), 0o666);
      const r = flowc(["fmt", "ro"], d, { asNobody: true });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ro\/m\.flow: cannot write: permission denied/);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(readFileSync(join(d, "ro/m.flow"), "utf8")).toBe(messy);
      expect(readdirSync(join(d, "ro"))).toEqual(["m.flow"]);
    });
  });
});

// A small tmpfs: a full disk, then a read-only file system. Needs the right to mount.
let mounted: string | null = null;
function mountSmallDisk(): string | null {
  if (!isRoot || process.platform !== "linux") return null;
  const point = join(tmpdirOf(), "small-disk");
  mkdirSync(point, { recursive: true });
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", point]);
  if (r.status !== 0) return null;
  mounted = point;
  return point;
}
const tmpdirOf = () => dir;

describe("a full disk and a read-only file system", () => {
  it("leave old outputs and sources as they were (or are skipped where mounting is not allowed)", (ctx) => {
    const disk = mountSmallDisk();
    if (disk === null) {
      ctx.skip();
      return;
    }
    chmodSync(disk, 0o755);
    const src = folder("disk-src", { "big.flow": messyFlow(300, 1) });
    // An old output that fits; the new one (about 100 KB) does not.
    mkdirSync(join(disk, "out"));
    writeFileSync(join(disk, "out/big.ts"), "old output\n");
    let r = flowc(["build", join(src, "big.flow"), "--out-dir", join(disk, "out")], src);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.ts: cannot write: the disk is full/);
    expect(readFileSync(join(disk, "out/big.ts"), "utf8")).toBe("old output\n");
    expect(readdirSync(join(disk, "out"))).toEqual(["big.ts"]);

    // fmt of a file on the full disk.
    const messy = messyFlow(60, 2);
    writeFileSync(join(disk, "m.flow"), messy);
    writeFileSync(join(disk, "filler"), Buffer.alloc(64 * 1024 - messy.length - 8 * 1024, 1), { flag: "w" });
    r = flowc(["fmt", join(disk, "m.flow")], src);
    if (r.code !== 0) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/m\.flow: cannot write: the disk is full/);
      expect(readFileSync(join(disk, "m.flow"), "utf8")).toBe(messy);
    }
    rmSync(join(disk, "filler"));

    // Read-only.
    expect(spawnSync("mount", ["-o", "remount,ro", disk]).status).toBe(0);
    r = flowc(["build", join(src, "big.flow"), "--out-dir", join(disk, "out")], src);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.ts: cannot write: the file system is read-only/);
    expect(readFileSync(join(disk, "out/big.ts"), "utf8")).toBe("old output\n");
  });
});
