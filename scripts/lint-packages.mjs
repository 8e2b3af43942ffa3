#!/usr/bin/env node
// `npm run lint:packages`: the published shape of every package, as a user's
// tools will see it. publint checks package.json against the files npm packs
// (--strict: a warning fails too); @arethetypeswrong/cli resolves each entry
// point's types the way TypeScript does under every module setting.
//
// @flowc/runtime ships ESM and CommonJS, so every resolution mode must work.
// The other packages are ESM only (Node 20.19 can require() them anyway), so
// attw's "esm-only" profile leaves out its CommonJS and node10 modes for them.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const packages = [
  { dir: "packages/runtime", profile: "strict" },
  { dir: "packages/dsl", profile: "esm-only" },
  { dir: "packages/language-server", profile: "esm-only" },
  { dir: "packages/cli", profile: "esm-only" },
  { dir: "packages/vite", profile: "esm-only" },
  { dir: "packages/studio", profile: "esm-only" },
];

const failed = [];
for (const { dir, profile } of packages) {
  for (const [tool, args] of [
    ["publint", ["run", dir, "--strict"]],
    ["attw", ["--pack", dir, "--profile", profile, "--format", "table-flipped"]],
  ]) {
    console.log(`\n$ ${tool} ${args.join(" ")}`);
    const bin = join(root, "node_modules", ".bin", tool);
    const run = spawnSync(bin, args, { cwd: root, stdio: "inherit" });
    if (run.status !== 0) failed.push(`${tool} ${dir}`);
  }
}

if (failed.length > 0) {
  console.error(`\nlint:packages: ${failed.length} failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`\nlint:packages: ${packages.length} packages clean (publint --strict, attw)`);
