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

/** The project's web page (package.json `homepage`), or null when the package does not say. */
export function cliHomepage(): string | null {
  const { homepage } = packageJson();
  return typeof homepage === "string" && /^https?:\/\//.test(homepage)
    ? homepage
    : null;
}

/**
 * The web address of a file in the repository, e.g. `docs/checks.md`, built
 * from package.json `repository` (`git+https://github.com/o/r.git` →
 * `https://github.com/o/r/blob/HEAD/docs/checks.md`); null when the package
 * names no https repository.
 */
export function repositoryFileUrl(path: string): string | null {
  const { repository } = packageJson();
  const url =
    typeof repository === "string"
      ? repository
      : (repository as { url?: unknown } | undefined)?.url;
  if (typeof url !== "string") return null;
  const web = url.replace(/^git\+/, "").replace(/\.git$/, "");
  return /^https:\/\/[^/]+\/[^/]+\/[^/]+$/.test(web)
    ? `${web}/blob/HEAD/${path}`
    : null;
}
