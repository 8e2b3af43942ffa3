import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Where a browser test saves a screenshot. The README's images are rewritten
 * only when asked (FLOWC_UPDATE_SCREENSHOTS=1): an ordinary test run, in CI or
 * on a contributor's machine, must leave the working tree as it found it.
 */
export function screenshotPath(name: string): string {
  const dir =
    process.env.FLOWC_UPDATE_SCREENSHOTS === "1"
      ? resolve(import.meta.dirname, "../../docs/images")
      : mkdtempSync(join(tmpdir(), "flowc-screenshots-"));
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
