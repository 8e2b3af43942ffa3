import { readFileSync } from "node:fs";

/**
 * The version of @flowc/cli, from its package.json. Read at run time (from
 * src/ in tests, from dist/ when built: both sit next to package.json's
 * folder), so the version has a single home and no import leaves src/.
 */
export function cliVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
