import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir, flowc } from "./support/cli.js";

// `flowc check` run in-process through runCli with an injected IO. Fixtures
// are in test/fixtures/cli; trees that git cannot hold (node_modules, broken
// links, bad bytes) are built in a temporary folder.
const cwd = fixturesDir("cli");
const check = (args: string[], options: Parameters<typeof flowc>[1] = {}) =>
  flowc(["check", ...args], { cwd, ...options });

const ESC = "\x1b[";

interface JsonOut {
  files: number;
  errors: number;
  warnings: number;
  diagnostics: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    code: string;
    message: string;
    hint?: string;
    path?: { ask: string; option: string }[];
  }[];
}
const json = (stdout: string) => JSON.parse(stdout) as JsonOut;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "flowc-cli-check-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});
const fixture = (name: string) => readFileSync(join(cwd, name), "utf8");

describe("flowc check: exit status", () => {
  it("is 0 for a clean file, with a summary and nothing on stderr", async () => {
    const r = await check(["ok.flow"]);
    expect(r).toEqual({
      code: 0,
      stdout: "no problems in 1 file\n",
      stderr: "",
    });
  });

  it("is 0 with warnings only, and 1 with --strict", async () => {
    const loose = await check(["warn.flow"]);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/^warn\.flow:8:5: warning\[todo\]: /);
    expect(loose.stdout.trimEnd().split("\n").at(-1)).toBe(
      "1 warning in 1 file",
    );
    const strict = await check(["--strict", "warn.flow"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(loose.stdout);
    // --strict changes nothing for a clean file.
    expect((await check(["ok.flow", "--strict"])).code).toBe(0);
  });

  it("is 1 when a file has errors", async () => {
    const r = await check(["bad.flow"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
  });

  it("is 1 when any of several files has errors", async () => {
    expect((await check(["ok.flow", "bad.flow", "warn.flow"])).code).toBe(1);
    expect((await check(["ok.flow", "warn.flow"])).code).toBe(0);
  });

  it("is 2 for a missing path, reported on stderr, and nothing is checked", async () => {
    const r = await check(["ok.flow", "missing.flow", "no/such/folder"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "flowc: missing.flow: no such file or folder\nflowc: no/such/folder: no such file or folder\n",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("is 2 for a path that cannot be read (a symbolic link loop)", async () => {
    const loop = join(tmp, "loop.flow");
    symlinkSync(loop, loop);
    const r = await check([loop]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flowc: .*loop\.flow: /);
    expect(r.stdout).toBe("");
  });

  it("reports a file that is not UTF-8 as `encoding` at its first bad byte, and checks the others", async () => {
    const dir = join(tmp, "latin1");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "cp1251.flow"),
      Buffer.concat([Buffer.from("flow a\nsay \"Ёж "), Buffer.from([0xcf, 0xf0, 0xe8])]),
    );
    writeFileSync(join(dir, "next.flow"), fixture("bad.flow"));
    const r = await check([dir, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const out = json(r.stdout);
    expect(out.files).toBe(2);
    expect(out.diagnostics.map((d) => [d.file.replace(/^.*latin1\//, ""), d.code, d.line, d.column])).toEqual([
      ["cp1251.flow", "encoding", 2, 9],
      ["next.flow", "undefined-target", 5, 27],
    ]);
    const pretty = await check([dir]);
    expect(pretty.stdout).toContain("error[encoding]: The file is not UTF-8 text: the byte at line 2, column 9");
  });

  it.runIf(process.getuid?.() !== 0)(
    "is 2 for a file without read permission",
    async () => {
      const file = join(tmp, "secret.flow");
      writeFileSync(file, fixture("ok.flow"), { mode: 0o000 });
      const r = await check([file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("permission denied");
    },
  );
});

describe("flowc check: pretty output", () => {
  it("prints each diagnostic with its code frame, then a summary", async () => {
    const r = await check(["bad.flow"]);
    const lines = r.stdout.split("\n");
    // Columns count code points: the 🎄 before the target is one column.
    expect(lines[0]).toMatch(
      /^bad\.flow:5:27: error\[undefined-target\]: .*нет_такого/,
    );
    expect(lines[1]).toBe('5 |   option tree "Ёлка 🎄" -> нет_такого');
    // The caret row lines up in terminal cells: the emoji is two cells wide.
    expect(lines[2]).toBe(`  | ${" ".repeat(27)}${"^".repeat(10)}`);
    expect(r.stdout.endsWith("\n\n1 error in 1 file\n")).toBe(true);
  });

  it("shows where a duplicate was first defined", async () => {
    const r = await check(["dup.flow"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^dup\.flow:11:6: error\[duplicate-node\]: /);
    expect(r.stdout).toContain("\ndup.flow:7:6: note: ");
    expect(r.stdout).toContain("\n 7 | node answer {\n   |      ^^^^^^\n");
  });

  it("reports syntax errors like any other diagnostic", async () => {
    const r = await check(["syntax.flow"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^syntax\.flow:\d+:\d+: error\[syntax\]: /);
  });

  it("sums errors and warnings over many files, in the order given", async () => {
    const r = await check(["warn.flow", "bad.flow", "ok.flow"]);
    const headers = r.stdout
      .split("\n")
      .filter((l) => /^\S+\.flow:\d+:\d+: (error|warning)\[/.test(l));
    expect(headers.map((h) => h.split(":")[0])).toEqual([
      "warn.flow",
      "bad.flow",
    ]);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "1 error, 1 warning in 3 files",
    );
  });

  it("checks a file named twice once", async () => {
    const r = await check(["ok.flow", "./ok.flow", "ok.flow"]);
    expect(r.stdout).toBe("no problems in 1 file\n");
  });
});

describe("flowc check: json output", () => {
  it("is exactly the documented object", async () => {
    const r = await check([
      "--format",
      "json",
      "bad.flow",
      "ok.flow",
      "warn.flow",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual([
      "files",
      "errors",
      "warnings",
      "diagnostics",
    ]);
    expect(out).toMatchObject({ files: 3, errors: 1, warnings: 1 });
    for (const d of out.diagnostics) {
      expect(Object.keys(d)).toEqual([
        "file",
        "line",
        "column",
        "endLine",
        "endColumn",
        "severity",
        "code",
        "message",
        // v2: the suggestion, when there is one (both of these have one).
        "hint",
      ]);
      expect(d.message.length).toBeGreaterThan(0);
    }
    expect(out.diagnostics.map(({ message: _, hint: __, ...rest }) => rest)).toEqual([
      // 1-based; the end column is exclusive and counts code points (the 🎄 is one).
      {
        file: "bad.flow",
        line: 5,
        column: 27,
        endLine: 5,
        endColumn: 37,
        severity: "error",
        code: "undefined-target",
      },
      {
        file: "warn.flow",
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 26,
        severity: "warning",
        code: "todo",
      },
    ]);
  });

  it("has no diagnostics, and exit 0, for clean files", async () => {
    const r = await check(["ok.flow", "--format=json"]);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({
      files: 1,
      errors: 0,
      warnings: 0,
      diagnostics: [],
    });
  });

  it("keeps --strict's exit status", async () => {
    const r = await check(["--format", "json", "--strict", "warn.flow"]);
    expect(r.code).toBe(1);
    expect(json(r.stdout).warnings).toBe(1);
  });

  it("is never coloured, even when colour is forced", async () => {
    const r = await check(["--format", "json", "bad.flow"], {
      isTTY: true,
      env: { FORCE_COLOR: "1" },
    });
    expect(r.stdout).not.toContain(ESC);
    expect(json(r.stdout).errors).toBe(1);
  });
});

describe("flowc check: github output", () => {
  it("prints one workflow command per diagnostic and nothing else", async () => {
    const r = await check([
      "--format",
      "github",
      "bad.flow",
      "warn.flow",
      "ok.flow",
    ]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error file=bad\.flow,line=5,col=27,endLine=5,endColumn=37,title=flowc\(undefined-target\)::\S/,
    );
    expect(lines[1]).toMatch(
      /^::warning file=warn\.flow,line=8,col=5,endLine=8,endColumn=26,title=flowc\(todo\)::\S/,
    );
  });

  it("prints nothing for clean files", async () => {
    expect(await check(["--format=github", "ok.flow"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("escapes % , : and line breaks per GitHub's rules", async () => {
    const dir = join(tmp, "odd names");
    mkdirSync(dir);
    writeFileSync(join(dir, "50%,a:b.flow"), fixture("bad.flow"));
    const r = await check(["--format", "github", "odd names"], { cwd: tmp });
    expect(r.stdout).toMatch(
      /^::error file=odd names\/50%25%2Ca%3Ab\.flow,line=5,col=27,/,
    );
    const message = r.stdout.slice(r.stdout.indexOf("::", 2) + 2).trimEnd();
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).not.toMatch(/%(?!25|0D|0A)/);
  });
});

describe("flowc check: finding files", () => {
  it("searches folders recursively, in path order, ignoring other files", async () => {
    const r = await check(["tree", "--format", "json"]);
    const out = json(r.stdout);
    expect(out.files).toBe(5);
    expect(out.diagnostics.map((d) => d.file)).toEqual([
      "tree/sub/b.flow",
      "tree/sub/deeper/c.flow",
    ]);
    const listed = await check(["tree/", "--format", "json"]);
    expect(json(listed.stdout).diagnostics.map((d) => d.file)).toEqual([
      "tree/sub/b.flow",
      "tree/sub/deeper/c.flow",
    ]);
  });

  it("checks the current folder by default, naming files relative to it", async () => {
    const r = await flowc(["check", "--format", "json"], {
      cwd: join(cwd, "tree"),
    });
    expect(json(r.stdout).files).toBe(5);
    expect(json(r.stdout).diagnostics.map((d) => d.file)).toEqual([
      "sub/b.flow",
      "sub/deeper/c.flow",
    ]);
  });

  it("skips dot-folders and node_modules, but not when named on the command line", async () => {
    const root = join(tmp, "project");
    for (const d of [
      "flows/.git",
      "flows/.cache/deep",
      "flows/node_modules/pkg",
      "flows/real",
    ]) {
      mkdirSync(join(root, d), { recursive: true });
    }
    writeFileSync(join(root, "flows/.git/x.flow"), fixture("bad.flow"));
    writeFileSync(join(root, "flows/.cache/deep/x.flow"), fixture("bad.flow"));
    writeFileSync(
      join(root, "flows/node_modules/pkg/x.flow"),
      fixture("bad.flow"),
    );
    writeFileSync(join(root, "flows/real/x.flow"), fixture("ok.flow"));
    writeFileSync(join(root, "flows/.hidden.flow"), fixture("ok.flow").replace("flow ok", "flow hidden"));
    // An editor's lock file: a dangling link, which is not a flow.
    symlinkSync(join(root, "nowhere"), join(root, "flows/.#x.flow"));
    const r = await check(["flows", "--format", "json"], { cwd: root });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ files: 2, errors: 0 });
    const named = await check(["flows/node_modules/pkg/x.flow", "flows/.git"], {
      cwd: root,
      env: {},
    });
    expect(named.code).toBe(1);
    expect(
      json((await check(["--format=json", "flows/.git"], { cwd: root })).stdout)
        .files,
    ).toBe(1);
  });

  it("follows a symbolic link to a folder but not around a loop", async () => {
    const root = join(tmp, "links");
    mkdirSync(join(root, "a"), { recursive: true });
    writeFileSync(join(root, "a/x.flow"), fixture("ok.flow"));
    symlinkSync(root, join(root, "a/back"));
    const r = await check([".", "--format", "json"], { cwd: root });
    expect(r.code).toBe(0);
    expect(json(r.stdout).files).toBe(1);
  });

  it("takes a file named on the command line whatever its extension", async () => {
    const file = join(tmp, "flow.txt");
    writeFileSync(file, fixture("bad.flow"));
    const r = await check([file, "--format=json"]);
    expect(json(r.stdout).diagnostics[0]?.file).toBe(file);
  });

  it("is 2 when a folder holds no flows, unless --allow-empty", async () => {
    const empty = join(tmp, "empty");
    mkdirSync(empty);
    const r = await check([empty, "ok.flow"], { cwd: fixturesDir("cli") });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `flowc: ${empty}: no .flow files in this folder (give --allow-empty if that is expected)\n`,
    );
    const allowed = await check([empty, "--allow-empty"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe("no problems in 0 files\n");
  });
});

describe("flowc check: colour", () => {
  const coloured = (r: { stdout: string }) => r.stdout.includes(ESC);

  it("is on for a terminal and off for a pipe", async () => {
    expect(coloured(await check(["bad.flow"], { isTTY: true }))).toBe(true);
    expect(coloured(await check(["bad.flow"], { isTTY: false }))).toBe(false);
  });

  it("is off with NO_COLOR or FORCE_COLOR=0, even on a terminal", async () => {
    expect(
      coloured(
        await check(["bad.flow"], { isTTY: true, env: { NO_COLOR: "1" } }),
      ),
    ).toBe(false);
    expect(
      coloured(
        await check(["bad.flow"], { isTTY: true, env: { FORCE_COLOR: "0" } }),
      ),
    ).toBe(false);
    expect(
      coloured(
        await check(["bad.flow"], {
          isTTY: true,
          env: { NO_COLOR: "1", FORCE_COLOR: "1" },
        }),
      ),
    ).toBe(false);
  });

  it("is forced on by FORCE_COLOR=1 in a pipe; an empty NO_COLOR does not count", async () => {
    expect(
      coloured(await check(["bad.flow"], { env: { FORCE_COLOR: "1" } })),
    ).toBe(true);
    expect(
      coloured(
        await check(["bad.flow"], { isTTY: true, env: { NO_COLOR: "" } }),
      ),
    ).toBe(true);
  });

  it("changes nothing but the escape codes", async () => {
    const plain = await check(["bad.flow", "warn.flow", "dup.flow"]);
    const tty = await check(["bad.flow", "warn.flow", "dup.flow"], {
      isTTY: true,
    });
    expect(tty.stdout.replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain.stdout);
  });
});

describe("flowc: usage errors and internal errors", () => {
  it("rejects an unknown --format with exit 2 and the allowed values", async () => {
    const r = await check(["--format", "xml", "ok.flow"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("pretty, json, github");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects an unknown option and an unknown command with exit 2", async () => {
    const option = await check(["--frobnicate"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--frobnicate'");
    const command = await flowc(["chekc"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'chekc'");
    expect(command.stderr).toContain("check"); // the suggestion
  });

  it("prints help on stdout with exit 0, and on stderr with exit 2 when no command is given", async () => {
    const help = await flowc(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("check");
    const checkHelp = await flowc(["check", "--help"]);
    expect(checkHelp.code).toBe(0);
    expect(checkHelp.stdout).toContain("--strict");
    for (const format of ["pretty", "json", "github"])
      expect(checkHelp.stdout).toContain(`"${format}"`);
    const none = await flowc([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("Usage: flowc");
  });

  it("prints its version", async () => {
    const pkg = JSON.parse(
      readFileSync(
        new URL("../packages/cli/package.json", import.meta.url),
        "utf8",
      ),
    );
    for (const flag of ["--version", "-v"]) {
      expect(await flowc([flag])).toEqual({
        code: 0,
        stdout: `${pkg.version}\n`,
        stderr: "",
      });
    }
  });

  it("reports an unexpected exception as an internal error, with details only under FLOWC_DEBUG", async () => {
    const run = async (env: Record<string, string>) => {
      let stderr = "";
      const { runCli } = await import("@flowc/cli");
      const code = await runCli(["check", "ok.flow"], {
        stdout: () => {
          throw new Error("the disk is on fire");
        },
        stderr: (t) => {
          stderr += t;
        },
        isTTY: false,
        env,
        cwd,
      });
      return { code, stderr };
    };
    const quiet = await run({});
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toContain(
      "flowc: internal error: the disk is on fire (this is a bug in flowc",
    );
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const debug = await run({ FLOWC_DEBUG: "1" });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe("flowc check: any input", () => {
  it("exits 0 or 1 with a consistent JSON report whose positions lie inside the file", async () => {
    const dir = join(tmp, "random");
    mkdirSync(dir);
    const words = [
      "flow f",
      "input x",
      "node n {",
      "}",
      "ask",
      "option",
      '"текст {x}"',
      "->",
      "n",
      "start",
      "say",
      "todo",
      "end",
      "{",
      "\n",
      "😀",
      "\r\n",
      '"',
      "/*",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 120 }),
          fc
            .array(fc.constantFrom(...words), { maxLength: 40 })
            .map((w) => w.join(" ")),
        ),
        async (text) => {
          writeFileSync(join(dir, "r.flow"), text);
          const r = await flowc(["check", "--format", "json", "r.flow"], {
            cwd: dir,
          });
          expect([0, 1]).toContain(r.code);
          expect(r.stderr).toBe("");
          const out = json(r.stdout);
          expect(out.files).toBe(1);
          expect(out.errors + out.warnings).toBe(out.diagnostics.length);
          expect(r.code).toBe(out.errors > 0 ? 1 : 0);
          const lines = text
            .replace(/^\ufeff/, "")
            .normalize("NFC")
            .split("\n");
          for (const d of out.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.endLine).toBeLessThanOrEqual(lines.length);
            expect(d.endLine > d.line || d.endColumn >= d.column).toBe(true);
            expect(d.column).toBeLessThanOrEqual(
              [...lines[d.line - 1]!].length + 1,
            );
          }
          // The pretty report of the same file renders without trouble.
          const pretty = await flowc(["check", "r.flow"], { cwd: dir });
          expect(pretty.code).toBe(r.code);
          expect(pretty.stderr).toBe("");
        },
      ),
      { numRuns: 150 },
    );
  });
});
