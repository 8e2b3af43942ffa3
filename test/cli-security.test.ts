import { spawnSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowc } from "./support/cli.js";

// The command line against hostile files (issue 19, items 2, 4, 5, 8 and
// 10): links out of the folders given, pipes and devices, permissions taken
// from a link's target, terminal control codes in flow text, `x.d.flow`.

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "flowc-security-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const SECRET = "hunter2-secret-value";
const okFlow = (id: string) => `flow ${id}\nsay "Здравствуйте"\n`;

function folder(name: string): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

describe("check does not follow links out of the folders given (item 2)", () => {
  it("skips a link to a file outside, reads a link inside", async () => {
    const d = folder("links-out");
    writeFileSync(join(d, "secrets.env"), `API_TOKEN=${SECRET}\n`);
    mkdirSync(join(d, "flows"));
    writeFileSync(join(d, "flows/real.flow"), okFlow("real"));
    symlinkSync(join(d, "secrets.env"), join(d, "flows/env.flow"));
    symlinkSync("/proc/self/environ", join(d, "flows/proc.flow"));
    // A link to a folder outside: not entered.
    mkdirSync(join(d, "elsewhere"));
    writeFileSync(join(d, "elsewhere/leak.flow"), `flow leak\nsay ${SECRET}\n`);
    symlinkSync(join(d, "elsewhere"), join(d, "flows/ext"));
    mkdirSync(join(d, "flows/inner"));
    writeFileSync(join(d, "flows/inner/x.flow"), okFlow("inner"));
    symlinkSync("inner", join(d, "flows/alias"));
    for (const format of ["pretty", "json", "github", "sarif"]) {
      const r = await flowc(["check", "flows", "--format", format], {
        cwd: d,
        env: { SECRET_ENV: SECRET },
      });
      expect(r.stdout + r.stderr, format).not.toContain(SECRET);
      expect(r.stdout + r.stderr, format).not.toContain("environ");
      expect(r.code, format).toBe(0);
    }
    const json = await flowc(["check", "flows", "--format", "json"], { cwd: d });
    // real.flow and inner/x.flow (once: through the folder, not again through the link inside).
    expect(JSON.parse(json.stdout).files).toBe(2);
    // Two folders given: a link from one into the other is followed.
    const other = folder("links-out-other");
    writeFileSync(join(other, "o.flow"), okFlow("other"));
    symlinkSync(join(other, "o.flow"), join(d, "flows/to-other.flow"));
    const both = await flowc(["check", "flows", other, "--format", "json"], { cwd: d });
    expect(JSON.parse(both.stdout).files).toBe(3);
  });

  it("shows nothing of a file that is not a flow source, and one line of one that is", async () => {
    const d = folder("not-a-flow");
    writeFileSync(join(d, "config.txt"), `${SECRET}_line_one\nsecond ${SECRET}\n`);
    const r = await flowc(["check", "config.txt"], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain("This file does not start with `flow <id>`: it is not a flow, so none of it is shown.");
    const json = await flowc(["check", "config.txt", "--format", "json"], { cwd: d });
    expect(json.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toMatch(/^\s*1 \|/m);
    expect(r.stdout).toMatch(/^config\.txt:1:1: error\[syntax\]/);
    const flow = join(d, "two-lines.flow");
    writeFileSync(flow, `flow f\nsay ${SECRET}\nsay "line three ${SECRET}"\n`);
    const f = await flowc(["check", "two-lines.flow"], { cwd: d });
    expect(f.stdout).toContain(`2 | say ${SECRET}`);
    expect(f.stdout).not.toContain("line three");
  });
});

describe("build never opens pipes or devices (item 4)", () => {
  it.runIf(process.platform !== "win32")("replaces a named pipe in the out dir instead of reading it", async () => {
    const d = folder("fifo");
    writeFileSync(join(d, "a.flow"), okFlow("a"));
    mkdirSync(join(d, "out"));
    expect(spawnSync("mkfifo", [join(d, "out/a.ts")]).status).toBe(0);
    const r = await flowc(["build", "a.flow", "--out-dir", "out"], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, "out/a.ts")).isFile()).toBe(true);
    expect(readFileSync(join(d, "out/a.ts"), "utf8")).toContain("export");
  });

  it("refuses an output that is a link to a device (never reads /dev/zero)", async () => {
    const d = folder("devzero");
    writeFileSync(join(d, "a.flow"), okFlow("a"));
    mkdirSync(join(d, "out"));
    symlinkSync("/dev/zero", join(d, "out/a.ts"));
    const r = await flowc(["build", "a.flow", "--out-dir", "out"], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "flowc: out/a.ts: cannot write: is a symbolic link to a place outside its folder; flowc does not write through it (remove the link, or write somewhere else)\n",
    );
    expect(readlinkSync(join(d, "out/a.ts"))).toBe("/dev/zero");
  });
});

describe("permissions of what flowc writes (item 5)", () => {
  const umask = process.umask();

  it("a new file is 0644 less the umask; setuid, setgid and sticky bits are never copied", async () => {
    const d = folder("modes");
    writeFileSync(join(d, "a.flow"), okFlow("a"));
    writeFileSync(join(d, "b.flow"), okFlow("b"));
    mkdirSync(join(d, "out"));
    writeFileSync(join(d, "out/b.ts"), "old\n");
    chmodSync(join(d, "out/b.ts"), 0o6755);
    const r = await flowc(["build", ".", "--out-dir", "out"], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(d, "out/a.ts")).mode & 0o7777).toBe(0o644 & ~umask);
    expect(statSync(join(d, "out/b.ts")).mode & 0o7777).toBe(0o755);
  });

  it("a link out of the output folder is an error; /dev/null never lends its 0666", async () => {
    const d = folder("devnull");
    writeFileSync(join(d, "a.flow"), okFlow("a"));
    mkdirSync(join(d, "out"));
    symlinkSync("/dev/null", join(d, "out/a.ts"));
    const r = await flowc(["graph", "a.flow", "--out", "out/a.ts", "--format", "dot"], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("out/a.ts: cannot write: is a symbolic link to a place outside its folder");
    expect(lstatSync(join(d, "out/a.ts")).isSymbolicLink()).toBe(true);
    const b = await flowc(["build", "a.flow", "--out-dir", "out"], { cwd: d });
    expect(b.code).toBe(2);
    expect(lstatSync(join(d, "out/a.ts")).isSymbolicLink()).toBe(true);
  });

  it("fmt formats a linked source where it lives and keeps the link", async () => {
    const d = folder("fmt-link");
    mkdirSync(join(d, "flows/real"), { recursive: true });
    writeFileSync(join(d, "flows/real/a.flow"), 'flow   a\nsay   "x"\n');
    chmodSync(join(d, "flows/real/a.flow"), 0o640);
    symlinkSync("real/a.flow", join(d, "flows/link.flow"));
    const r = await flowc(["fmt", "flows/link.flow"], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, "flows/link.flow")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "flows/real/a.flow"), "utf8")).toBe('flow a\n\nsay "x"\n');
    expect(statSync(join(d, "flows/real/a.flow")).mode & 0o7777).toBe(0o640);
    // A linked source outside its own folder is refused, and left alone.
    const outside = folder("fmt-link-outside");
    writeFileSync(join(outside, "b.flow"), 'flow   b\nsay "y"\n');
    symlinkSync(join(outside, "b.flow"), join(d, "flows/far.flow"));
    const far = await flowc(["fmt", "flows/far.flow"], { cwd: d });
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("flows/far.flow: cannot write: is a symbolic link to a place outside its folder");
    expect(lstatSync(join(d, "flows/far.flow")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, "b.flow"), "utf8")).toBe('flow   b\nsay "y"\n');
  });
});

describe("terminal control codes from a flow never reach the terminal raw (item 8)", () => {
  // ESC ] 52: write the clipboard; ESC [ 2 J: clear the screen; BEL; CSI as one C1 code point.
  const hostile = `flow evil
ask pick "Вопрос \\u{1b}]52;c;ZXZpbA==\\u{7}" {
  option a "Метка \\u{1b}[2J" { }
  option b "Другая \\u{9b}31m" { say "Текст \\u{1b}]0;title\\u{7}" }
}
`;
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it("holds the raw codes in the flow itself (the test is real)", () => {
    expect(hostile).not.toMatch(raw);
  });

  it("check, run, paths and graph show ␛ instead", async () => {
    const d = folder("control");
    // The escapes are written by the test as real control characters in the file.
    const text = hostile.replace(/\\u\{([0-9a-f]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    expect(text).toMatch(raw);
    writeFileSync(join(d, "evil.flow"), text);
    const runs = [
      await flowc(["check", "evil.flow"], { cwd: d }),
      await flowc(["check", "evil.flow", "--format", "github"], { cwd: d }),
      await flowc(["run", "evil.flow", "--allow-errors", "--choose", "b"], { cwd: d }),
      await flowc(["run", "evil.flow", "--allow-errors", "--choose", "a"], { cwd: d }),
      await flowc(["paths", "evil.flow"], { cwd: d }),
      await flowc(["graph", "evil.flow"], { cwd: d }),
    ];
    for (const r of runs) {
      expect(r.stdout, r.stdout).not.toMatch(raw);
      expect(r.stderr, r.stderr).not.toMatch(raw);
    }
    expect(runs[0]!.stdout).toContain("Метка ␛[2J");
    expect(runs[2]!.stdout).toContain("? Вопрос ␛]52;c;ZXZpbA==␇");
    expect(runs[2]!.stdout).toContain("Другая \\u{9b}31m");
    expect(runs[4]!.stdout).toContain("␛]0;title␇");
    // JSON keeps the text exact (escaped by JSON itself).
    const json = await flowc(["check", "evil.flow", "--format", "json"], { cwd: d });
    expect(JSON.parse(json.stdout).diagnostics[0].message).toContain("Метка \u001b[2J");
  });
});

describe("x.d.flow does not build to a declaration file (item 10)", () => {
  it("is refused with a message, before anything is written", async () => {
    const d = folder("dts");
    writeFileSync(join(d, "x.d.flow"), okFlow("x"));
    writeFileSync(join(d, "y.flow"), okFlow("y"));
    const r = await flowc(["build", ".", "--out-dir", "out"], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "flowc: x.d.flow: would be built to x.d.ts, which TypeScript reads as a declaration file (types only, no code): rename the file so its name does not end in .d.flow\n",
    );
    expect(readdirSync(d).sort()).toEqual(["x.d.flow", "y.flow"]);
    // JSON output has no such problem.
    const json = await flowc(["build", ".", "--out-dir", "out", "--emit", "json"], { cwd: d });
    expect(json.code).toBe(0);
    expect(readdirSync(join(d, "out")).sort()).toEqual(["x.d.json", "y.json"]);
  });
});

describe("the size of a flow file is bounded", () => {
  it("a file past 32 MB is refused unread (status 2), and so is standard input", async () => {
    const d = folder("huge");
    const file = join(d, "huge.flow");
    writeFileSync(file, "");
    // A sparse file: 33 MB long, nothing written.
    spawnSync("truncate", ["-s", "33M", file]);
    const r = await flowc(["check", "huge.flow"], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "flowc: huge.flow: is larger than 32 MB, the most flowc reads from one flow file; split the flow\n",
    );
    const { Readable } = await import("node:stream");
    const big = Readable.from((function* () {
      for (let i = 0; i < 33; i++) yield Buffer.alloc(1024 * 1024, 0x20);
    })());
    const s = await flowc(["check", "-"], { stdin: big });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("<stdin>: is larger than 32 MB");
  });
});

describe("file names are printed safely too", () => {
  it("a file name with an escape sequence shows ␛ in reports and usage errors", async () => {
    const d = folder("names\u001b[2J");
    writeFileSync(join(d, "a\u001b]0;x\u0007.flow"), 'flow a\n-> nowhere\n');
    const r = await flowc(["check", "."], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("a␛]0;x␇.flow:2:4: error[undefined-target]");
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    const u = await flowc(["check", "missing\u001b[2J.flow"], { cwd: d });
    expect(u.code).toBe(2);
    expect(u.stderr).toBe("flowc: missing␛[2J.flow: no such file or folder\n");
  });
});
