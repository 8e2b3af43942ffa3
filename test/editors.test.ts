import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FLOWC_BIN } from "./support/lsp-client.js";
import { toolOrSkip } from "./support/tools.js";

// docs/editors.md's Neovim setup, tried in Neovim itself: headless, against
// the built `flowc lsp --stdio`. Neovim missing is a skip with its reason,
// except with FLOWC_REQUIRE_TOOLS=1 (CI), where it is a failure.

const fixtures = fileURLToPath(new URL("./fixtures/editors/", import.meta.url));
const nvim = toolOrSkip("nvim");

describe.skipIf(!nvim)("Neovim with flowc lsp --stdio", () => {
  it("shows flowc's diagnostics, hover, definition and completion", () => {
    const dir = mkdtempSync(join(tmpdir(), "flowc-nvim-"));
    try {
      const out = join(dir, "result.json");
      const r = spawnSync(nvim!.path, ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${join(fixtures, "nvim-lsp.lua")}`], {
        env: {
          ...process.env,
          FLOWC_CMD: JSON.stringify([process.execPath, FLOWC_BIN, "lsp", "--stdio"]),
          FLOWC_FILE: join(fixtures, "jump.flow"),
          FLOWC_OUT: out,
          XDG_STATE_HOME: dir,
          XDG_DATA_HOME: dir,
        },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.error).toBeUndefined();
      const seen = JSON.parse(readFileSync(out, "utf8"));
      expect(seen.error).toBeUndefined();
      expect(seen.filetype).toBe("flow");
      expect(seen.client).toBe(true);
      expect(seen.diagnostics).toEqual([
        {
          code: "undefined-target",
          lnum: 5,
          col: 24,
          message: "There is no node named `targte` to go to.\nhint: did you mean `target`?",
        },
      ]);
      expect(seen.hover).toContain("**node** `targte` — not defined in this file");
      expect(seen.completion).toEqual(["target", "start"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
