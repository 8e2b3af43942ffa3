import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

// The built `flowc` bin, spawned as a user would run it (CI builds before the
// tests: `npm run build`). Everything else is tested in-process.
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = fileURLToPath(
  new URL("../packages/cli/bin/flowc.js", import.meta.url),
);
const built = fileURLToPath(
  new URL("../packages/cli/dist/main.js", import.meta.url),
);

function run(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  for (const k of ["NO_COLOR", "FORCE_COLOR", "FLOWC_DEBUG"]) delete base[k];
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...base, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(built))
    throw new Error(
      "packages/cli/dist/main.js is missing: run `npm run build` (npx tsup) first",
    );
});

describe("the flowc bin", () => {
  it("checks files: pretty output without colour in a pipe, exit 1 on errors", () => {
    const r = run([
      "check",
      "test/fixtures/cli/bad.flow",
      "test/fixtures/cli/ok.flow",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(
      /^test\/fixtures\/cli\/bad\.flow:5:27: error\[undefined-target\]: /,
    );
    expect(r.stdout).not.toContain("\x1b[");
    expect(r.stdout.endsWith("1 error in 2 files\n")).toBe(true);
  });

  it("prints the JSON report and exits 0 on a clean folder", () => {
    const r = run([
      "check",
      "--format",
      "json",
      "test/fixtures/cli/tree/sub-x.flow",
      "test/fixtures/cli/ok.flow",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      files: 2,
      errors: 0,
      warnings: 0,
      diagnostics: [],
    });
  });

  it("fails --strict on warnings", () => {
    expect(run(["check", "test/fixtures/cli/warn.flow"]).code).toBe(0);
    expect(run(["check", "--strict", "test/fixtures/cli/warn.flow"]).code).toBe(
      1,
    );
  });

  it("colours when FORCE_COLOR=1, not when NO_COLOR is also set", () => {
    expect(
      run(["check", "test/fixtures/cli/bad.flow"], { FORCE_COLOR: "1" }).stdout,
    ).toContain("\x1b[");
    expect(
      run(["check", "test/fixtures/cli/bad.flow"], {
        FORCE_COLOR: "1",
        NO_COLOR: "1",
      }).stdout,
    ).not.toContain("\x1b[");
  });

  it("exits 2 with a message on stderr for a missing file or a bad option", () => {
    const missing = run(["check", "test/fixtures/cli/nope.flow"]);
    expect(missing).toEqual({
      code: 2,
      stdout: "",
      stderr: "flowc: test/fixtures/cli/nope.flow: no such file or folder\n",
    });
    const option = run(["check", "--format", "yaml"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Allowed choices are pretty, json, github");
    expect(option.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints its version", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
