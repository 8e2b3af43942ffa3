/**
 * `npm run bench`: each bench/*.bench.mjs in a `node --expose-gc` process of its own, one after the other, never in
 * parallel; flags (`--quick`) go to each. `node bench/run.mjs [--quick] [name…]`, e.g. `node bench/run.mjs peers editor`
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const dir = `${import.meta.dirname}/`;
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
