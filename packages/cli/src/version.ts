import { readFileSync } from "node:fs";

/**
 * The version and home page of @flowc/cli, from its package.json. Read at
 * run time (from src/ in tests, from dist/ when built: both sit next to
 * package.json's folder), so they have a single home and no import leaves src/.
 */
function packageJson(): {
  version?: unknown;
  homepage?: unknown;
  repository?: unknown;
} {
  try {
    return JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version?: unknown };
  } catch {
    return {};
  }
}

export function cliVersion(): string {
  const { version } = packageJson();
  return typeof version === "string" ? version : "unknown";
}

/** The repository's web address (package.json `homepage`), or null when the package does not say. */
export function cliHomepage(): string | null {
  const { homepage } = packageJson();
  return typeof homepage === "string" && /^https?:\/\//.test(homepage)
    ? homepage
    : null;
}
