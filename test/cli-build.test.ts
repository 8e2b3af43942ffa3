import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, emitTypeScript } from "@flowc/dsl";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flowc } from "./support/cli.js";

const greeting = `flow greeting "Приветствие"
input name "Имя"
ask mood "Как настроение?" {
  option calm "Спокойное" { say "{name}, рады слышать!" }
  option upset "Плохое" { say "{name}, сейчас поможем." }
}
`;
const other = `flow other
say "Всё хорошо."
`;
const broken = `flow broken
ask "Куда?" {
  option a "А" -> nowhere
}
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "flowc-build-"));
  await mkdir(join(dir, "flows", "sub"), { recursive: true });
  await writeFile(join(dir, "flows", "greeting.flow"), greeting);
  await writeFile(join(dir, "flows", "sub", "other.flow"), other);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (name: string) => readFile(join(dir, name), "utf8");

describe("flowc build", () => {
  it("writes a typed module per file, named after the file", async () => {
    const run = await flowc(["build", "flows", "--out-dir", "out"], {
      cwd: dir,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect((await readdir(join(dir, "out"))).sort()).toEqual([
      "greeting.ts",
      "other.ts",
    ]);
    const expected = emitTypeScript(
      compile(greeting, "flows/greeting.flow").definition!,
      { sourceName: "greeting.flow" },
    );
    expect(await read("out/greeting.ts")).toBe(expected);
    expect(run.stdout).toContain("built flows/greeting.flow → out/greeting.ts");
    expect(run.stdout).toContain("built flows/sub/other.flow → out/other.ts");
    expect(run.stdout).toContain("2 files built");
  });

  it("--emit json writes the definition as plain JSON", async () => {
    const run = await flowc(
      ["build", "flows/greeting.flow", "--out-dir", "out", "--emit", "json"],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const text = await read("out/greeting.json");
    expect(text).toBe(`${compile(greeting).json}\n`);
    expect(JSON.parse(text)).toEqual(compile(greeting).definition);
  });

  it("is deterministic and leaves unchanged files alone", async () => {
    await flowc(["build", "flows", "--out-dir", "out"], { cwd: dir });
    const first = await read("out/greeting.ts");
    const before = (await stat(join(dir, "out", "greeting.ts"))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const again = await flowc(["build", "flows", "--out-dir", "out"], {
      cwd: dir,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("out/greeting.ts (unchanged)");
    expect(await read("out/greeting.ts")).toBe(first);
    expect((await stat(join(dir, "out", "greeting.ts"))).mtimeMs).toBe(before);
  });

  it("does not emit a file with errors, reports them and exits 1, still building the others", async () => {
    await writeFile(join(dir, "flows", "broken.flow"), broken);
    const run = await flowc(["build", "flows", "--out-dir", "out"], {
      cwd: dir,
      env: { NO_COLOR: "1" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("undefined-target");
    expect(run.stderr).toContain("not built flows/broken.flow: 1 error");
    expect(run.stdout).toContain("2 files built, 1 file with errors not built");
    expect((await readdir(join(dir, "out"))).sort()).toEqual([
      "greeting.ts",
      "other.ts",
    ]);
  });

  it("never leaves temporary files, and an unwritable out dir is a file-system problem (2)", async () => {
    await flowc(["build", "flows", "--out-dir", "out"], { cwd: dir });
    expect((await readdir(join(dir, "out"))).sort()).toEqual([
      "greeting.ts",
      "other.ts",
    ]);
    await writeFile(join(dir, "blocker"), "a file, not a folder");
    const run = await flowc(["build", "flows", "--out-dir", "blocker/out"], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/blocker\/out\/greeting\.ts: cannot write/);
  });

  it("refuses two files that would be written to one name, before writing anything", async () => {
    await writeFile(join(dir, "flows", "sub", "greeting.flow"), other);
    const run = await flowc(["build", "flows", "--out-dir", "out"], {
      cwd: dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "flows/greeting.flow and flows/sub/greeting.flow would both be built to out/greeting.ts",
    );
    await expect(stat(join(dir, "out"))).rejects.toThrow();
  });

  it("needs --out-dir, and --emit is ts or json", async () => {
    const noDir = await flowc(["build", "flows"], { cwd: dir });
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain("--out-dir");
    const badEmit = await flowc(
      ["build", "flows", "--out-dir", "out", "--emit", "yaml"],
      { cwd: dir },
    );
    expect(badEmit.code).toBe(2);
    expect(badEmit.stderr).toContain("yaml");
    const missing = await flowc(["build", "nope.flow", "--out-dir", "out"], {
      cwd: dir,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.flow: no such file or folder");
  });
});
