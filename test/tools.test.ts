import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { findTool, TOOLS, type ToolName, toolOrSkip } from "./support/tools.js";

// test/support/tools.ts: how a test finds Chromium, Graphviz and Neovim, or
// says in one line why it skips.
const empty = mkdtempSync(join(tmpdir(), "flowc-tools-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const names = Object.keys(TOOLS) as ToolName[];

describe("findTool", () => {
  it.each(names)("%s: off the PATH it says how to install it, in one line", (name) => {
    const lookup = findTool(name, { PATH: empty });
    expect(lookup).toHaveProperty("missing");
    const missing = (lookup as { missing: string }).missing;
    expect(missing).not.toContain("\n");
    expect(missing).toContain("not found on the PATH");
    expect(missing).toContain(`apt-get install ${TOOLS[name].debian}`);
    expect(missing).toContain("scripts/system-tools.sh");
    expect(missing).toContain(TOOLS[name].env);
  });

  it.each(names)("%s: FLOWC_<TOOL> pointing nowhere is missing, whatever the PATH has", (name) => {
    const lookup = findTool(name, { PATH: process.env.PATH, [TOOLS[name].env]: "/nowhere" });
    expect((lookup as { missing: string }).missing).toContain(
      `${TOOLS[name].env}=/nowhere is not an executable file`,
    );
  });

  it("a program that does not run is missing, with its error", () => {
    const broken = join(empty, "dot");
    writeFileSync(broken, "#!/bin/sh\necho broken >&2\nexit 3\n", { mode: 0o755 });
    const lookup = findTool("dot", { PATH: empty });
    expect((lookup as { missing: string }).missing).toContain(
      `at ${broken} does not run (${broken} -V: exited with status 3)`,
    );
  });

  it("FLOWC_<TOOL> may name a program to look up on the PATH", () => {
    const fake = join(empty, "my-dot");
    writeFileSync(fake, "#!/bin/sh\necho 'dot - graphviz version 9.9.9' >&2\n", { mode: 0o755 });
    expect(findTool("dot", { PATH: empty, FLOWC_DOT: "my-dot" })).toEqual({
      name: "dot",
      path: fake,
      version: "dot - graphviz version 9.9.9",
    });
  });
});

describe("toolOrSkip", () => {
  it("outside CI a missing tool is a skip with its reason", () => {
    vi.stubEnv("FLOWC_REQUIRE_TOOLS", "");
    vi.stubEnv("FLOWC_NVIM", join(empty, "no-nvim"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(toolOrSkip("nvim")).toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(/^skipped: Neovim `nvim` not found: FLOWC_NVIM=/);
    } finally {
      warn.mockRestore();
      vi.unstubAllEnvs();
    }
  });

  it("with FLOWC_REQUIRE_TOOLS=1 a missing tool is a failure", () => {
    vi.stubEnv("FLOWC_REQUIRE_TOOLS", "1");
    vi.stubEnv("FLOWC_CHROMIUM", "/nowhere");
    try {
      expect(() => toolOrSkip("chromium")).toThrow(
        /^Chromium not found: FLOWC_CHROMIUM=\/nowhere is not an executable file; install it .* \(FLOWC_REQUIRE_TOOLS=1: a missing tool is a failure here\)$/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
