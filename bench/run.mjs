/**
 * `npm run bench`: runs every bench/*.bench.mjs in a `node --expose-gc`
 * process of its own, one after the other (never in parallel: they would
 * disturb each other's timings), and prints their output as it comes.
 * Flags (e.g. `--quick`, a smoke run on small inputs) go to each bench.
 *
 *   node bench/run.mjs [--quick] [name…]     e.g. `node bench/run.mjs peers editor`
 *
 * A new bench is a new bench/NAME.bench.mjs (see docs/benchmarks.md).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith("-"));
const only = args.filter((a) => !a.startsWith("-"));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => only.length === 0 || only.includes(f.slice(0, -".bench.mjs".length)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${only.join(", ") || "bench/*.bench.mjs"}\n`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const child = spawnSync(process.execPath, ["--expose-gc", `${dir}${file}`, ...flags], { stdio: "inherit" });
  if (child.status !== 0) {
    failed++;
    process.stderr.write(`${file} failed (exit ${child.status ?? child.signal})\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
