import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "@flowc/dsl";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flowc } from "./support/cli.js";

const messy = 'flow demo\n  say   "hi"   // greet\nnode n {say "n"}\n';
const tidy = format(messy).text!;
const broken = 'flow demo\nsay "unclosed\n';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "flowc-fmt-"));
  await mkdir(join(dir, "sub"));
  await writeFile(join(dir, "messy.flow"), messy);
  await writeFile(join(dir, "sub", "tidy.flow"), tidy);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (name: string) => readFile(join(dir, name), "utf8");

describe("flowc fmt", () => {
  it("expects the fixture texts to differ", () => {
    expect(tidy).not.toBe(messy);
    expect(tidy).toContain("// greet");
  });

  it("rewrites files that are not formatted and names them", async () => {
    const before = (await stat(join(dir, "sub", "tidy.flow"))).mtimeMs;
    const run = await flowc(["fmt"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("formatted messy.flow");
    expect(run.stdout).not.toContain("tidy.flow");
    expect(run.stdout).toContain("1 file reformatted, 1 already formatted");
    expect(await read("messy.flow")).toBe(tidy);
    expect(await read("sub/tidy.flow")).toBe(tidy);
    // A formatted file is not rewritten at all.
    expect((await stat(join(dir, "sub", "tidy.flow"))).mtimeMs).toBe(before);
    // No temporary files are left behind.
    expect((await readdir(dir)).sort()).toEqual(["messy.flow", "sub"]);
  });

  it("changes nothing on a second run", async () => {
    await flowc(["fmt", "."], { cwd: dir });
    const again = await flowc(["fmt", "."], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("0 files reformatted, 2 already formatted\n");
  });

  it("--check lists the files that would change, writes nothing and exits 1", async () => {
    const run = await flowc(["fmt", "--check", "messy.flow", "sub"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("would reformat messy.flow");
    expect(run.stdout).not.toContain("tidy.flow");
    expect(run.stdout).toContain("1 file would be reformatted");
    expect(await read("messy.flow")).toBe(messy);
  });

  it("--check exits 0 when everything is formatted", async () => {
    const run = await flowc(["fmt", "--check", "sub"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("1 file already formatted\n");
  });

  it("reports a file with syntax errors, leaves it untouched and exits 1", async () => {
    await writeFile(join(dir, "broken.flow"), broken);
    const run = await flowc(["fmt"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("broken.flow:2:");
    expect(run.stderr).toContain("not formatted broken.flow");
    expect(await read("broken.flow")).toBe(broken);
    // The other files are still formatted.
    expect(await read("messy.flow")).toBe(tidy);
    expect(run.stdout).toContain("1 file with syntax errors left as they are");
  });

  it("--check with a syntax error exits 1 too", async () => {
    await writeFile(join(dir, "sub", "broken.flow"), broken);
    const run = await flowc(["fmt", "--check", "sub"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("not formatted sub/broken.flow");
  });

  it("a missing path is a usage error (exit 2)", async () => {
    const run = await flowc(["fmt", "nope.flow"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope.flow");
  });

  it("rewrites CRLF files with plain line breaks", async () => {
    await writeFile(join(dir, "crlf.flow"), messy.replace(/\n/g, "\r\n"));
    const run = await flowc(["fmt", "crlf.flow"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(await read("crlf.flow")).toBe(tidy);
  });
});
