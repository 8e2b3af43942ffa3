import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

// The architecture's boundaries that never bend, checked on every import of
// every source file (docs/architecture.md).
const root = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

interface ImportRef {
  file: string;
  specifier: string;
  typeOnly: boolean;
}

function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, "utf8");
  const refs: ImportRef[] = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of text.matchAll(re)) {
    const specifier = m[3] ?? m[4] ?? m[5];
    if (specifier) refs.push({ file: relative(root, file), specifier, typeOnly: Boolean(m[2]) });
  }
  return refs;
}

const pkg = (name: string) => join(root, "packages", name, "src");

describe("package boundaries", () => {
  it("@flowc/runtime imports nothing outside its own folder", () => {
    const bad = sourceFiles(pkg("runtime"))
      .flatMap(importsOf)
      .filter((r) => !r.specifier.startsWith("./") && !r.specifier.startsWith("../"));
    expect(bad).toEqual([]);
    const escaping = sourceFiles(pkg("runtime"))
      .flatMap(importsOf)
      .filter((r) => !resolve(root, r.file, "..", r.specifier).startsWith(pkg("runtime") + sep));
    expect(escaping).toEqual([]);
  });

  it("@flowc/dsl does no I/O, keeps chevrotain inside syntax/ and never imports the CLI", () => {
    const refs = sourceFiles(pkg("dsl")).flatMap(importsOf);
    const io = refs.filter((r) => /^(node:|fs$|path$|child_process$|os$)/.test(r.specifier));
    expect(io).toEqual([]);
    const chevrotainOutside = refs.filter(
      (r) => r.specifier === "chevrotain" && !r.file.includes(`${sep}syntax${sep}`),
    );
    expect(chevrotainOutside).toEqual([]);
    // The compiler may use the runtime's definition types and constants, but only through its entry.
    const runtimeDeep = refs.filter((r) => r.specifier.startsWith("@flowc/runtime/"));
    expect(runtimeDeep).toEqual([]);
    const cli = refs.filter((r) => r.specifier.startsWith("@flowc/cli"));
    expect(cli).toEqual([]);
  });

  it("@flowc/cli uses the other packages only through their entry points", () => {
    const refs = sourceFiles(pkg("cli")).flatMap(importsOf);
    const deep = refs.filter(
      (r) =>
        /^@flowc\/(dsl|runtime)\/(?!prettier$)/.test(r.specifier) ||
        ((r.specifier.startsWith("./") || r.specifier.startsWith("../")) &&
          !resolve(root, r.file, "..", r.specifier).startsWith(pkg("cli") + sep)),
    );
    expect(deep).toEqual([]);
  });

  it("@flowc/dsl's layers point one way: ast → syntax → check → emit/format", () => {
    // A folder may import from its own layer and the layers below it, never above.
    const layers: Record<string, number> = { ast: 0, syntax: 1, check: 2, emit: 3, format: 3, service: 4 };
    const layerOf = (path: string): number | undefined => {
      const inside = relative(pkg("dsl"), path).split(sep);
      return inside.length > 1 ? layers[inside[0]!] : undefined;
    };
    const upward = sourceFiles(pkg("dsl"))
      .flatMap(importsOf)
      .filter((r) => r.specifier.startsWith("."))
      .filter((r) => {
        const from = layerOf(resolve(root, r.file));
        const to = layerOf(resolve(root, r.file, "..", r.specifier));
        return from !== undefined && to !== undefined && to > from;
      });
    expect(upward).toEqual([]);
  });

  it("@flowc/dsl's ast/ holds types only", () => {
    const files = sourceFiles(join(pkg("dsl"), "ast"));
    const runtime = files.flatMap(importsOf).filter((r) => !r.typeOnly);
    expect(runtime).toEqual([]);
    const code = files.filter((f) => /^\s*export\s+(?!type\b|interface\b)/m.test(readFileSync(f, "utf8")));
    expect(code.map((f) => relative(root, f))).toEqual([]);
  });

  it("@flowc/views (shared by the agent console and the studio) uses only the runtime", () => {
    // The console's bundle must hold no compiler, and both apps import these views.
    const refs = sourceFiles(pkg("views")).flatMap(importsOf);
    const outside = refs.filter(
      (r) =>
        (!r.specifier.startsWith("./") && r.specifier !== "@flowc/runtime") ||
        (r.specifier.startsWith(".") && !resolve(root, r.file, "..", r.specifier).startsWith(pkg("views") + sep)),
    );
    expect(outside).toEqual([]);
    expect(refs.length).toBeGreaterThan(3);
    // The console draws with the shared views, never a copy of its own.
    const console = join(root, "examples", "agent-console", "src");
    expect(sourceFiles(console).flatMap(importsOf).map((r) => r.specifier)).toContain("@flowc/views");
    expect(existsSync(join(console, "views"))).toBe(false);
  });

  it("@flowc/studio's server uses Node and its own folder only; its app never imports node:*", () => {
    const server = join(pkg("studio"), "server");
    const serverOut = sourceFiles(server)
      .flatMap(importsOf)
      .filter(
        (r) =>
          !r.specifier.startsWith("node:") &&
          !resolve(root, r.file, "..", r.specifier).startsWith(server + sep),
      );
    expect(serverOut).toEqual([]);
    const appNode = sourceFiles(join(pkg("studio"), "app"))
      .flatMap(importsOf)
      .filter((r) => /^(node:|fs$|path$|child_process$|os$)/.test(r.specifier));
    expect(appNode).toEqual([]);
  });

  it("finds imports at all (the scanner works)", () => {
    expect(sourceFiles(pkg("dsl")).flatMap(importsOf).length).toBeGreaterThan(3);
  });
});
