import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliIO,
  readFlowFile,
  UsageError,
  writeFileAtomic,
} from "@flowc/cli";

// The file helpers the commands share (@flowc/cli exports them for build and fmt).
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "flowc-cli-files-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const io = (cwd: string): CliIO => ({
  stdout: () => {},
  stderr: () => {},
  isTTY: false,
  env: {},
  cwd,
});

describe("writeFileAtomic", () => {
  it("writes a new file, creating missing folders, and leaves no temporary file", async () => {
    const file = join(tmp, "new/deep/out.ts");
    await writeFileAtomic(file, "export const x = «1»;\n");
    expect(readFileSync(file, "utf8")).toBe("export const x = «1»;\n");
    expect(readdirSync(join(tmp, "new/deep"))).toEqual(["out.ts"]);
  });

  it("replaces a file and keeps its permissions", async () => {
    const file = join(tmp, "keep.flow");
    writeFileSync(file, "old");
    chmodSync(file, 0o640);
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it("fails without touching the target or leaving a temporary file", async () => {
    const dir = join(tmp, "target-is-a-folder");
    mkdirSync(join(dir, "out.json"), { recursive: true });
    await expect(
      writeFileAtomic(join(dir, "out.json"), "{}"),
    ).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["out.json"]);
    expect(statSync(join(dir, "out.json")).isDirectory()).toBe(true);
  });

  it("leaves one whole version when writes race", async () => {
    const file = join(tmp, "race.txt");
    const versions = Array.from({ length: 20 }, (_, i) =>
      `${i}:`.padEnd(100_000, String.fromCharCode(97 + i)),
    );
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(readFileSync(file, "utf8"));
    expect(readdirSync(tmp).filter((n) => n.startsWith(".flowc-tmp-"))).toEqual(
      [],
    );
  });
});

describe("readFlowFile", () => {
  it("reads a file named relative to the working folder", async () => {
    writeFileSync(join(tmp, "one.flow"), "\ufeffflow one\n");
    const f = await readFlowFile(io(tmp), "one.flow");
    expect(f.file).toBe("one.flow");
    expect(f.path).toBe(join(tmp, "one.flow"));
    expect(f.text.endsWith("flow one\n")).toBe(true);
  });

  it("refuses a folder and a missing file with a usage error", async () => {
    await expect(readFlowFile(io(tmp), ".")).rejects.toThrow(UsageError);
    await expect(readFlowFile(io(tmp), ".")).rejects.toThrow(/is a folder/);
    await expect(readFlowFile(io(tmp), "nope.flow")).rejects.toThrow(
      "nope.flow: no such file or folder",
    );
  });
});
