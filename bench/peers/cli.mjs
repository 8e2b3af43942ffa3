/**
 * Wall-clock figures of real `node …` processes: the flowc CLI, and what its
 * start-up is made of (bare node, then each heavy import on its own).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { median } from "./harness.mjs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FLOWC_BIN = fileURLToPath(new URL("../../packages/cli/bin/flowc.js", import.meta.url));

/** Median wall time (ms) of `node args…` over `runs` runs; throws on an unexpected exit status. */
export function wallTime(args, runs, { okStatus = [0] } = {}) {
  const times = [];
  let last = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    times.push(performance.now() - t0);
    if (!okStatus.includes(last.status)) {
      throw new Error(`node ${args.join(" ")} exited ${last.status}: ${(last.stderr || last.stdout).slice(0, 400)}`);
    }
  }
  return { median: median(times), samples: times, stdout: last.stdout };
}

const require = createRequire(new URL("../../package.json", import.meta.url));

/**
 * Where an item resolves for ESM import from the workspace root: a bare
 * specifier, or { label, path } for a file in the workspace. Null when absent.
 */
function urlFor(item) {
  if (typeof item !== "string") return pathToFileURL(`${ROOT}${item.path}`).href;
  try {
    // Resolved from bench/peers/, which finds the workspace's node_modules.
    return import.meta.resolve(item);
  } catch {
    try {
      return pathToFileURL(require.resolve(item)).href;
    } catch {
      return null;
    }
  }
}

/**
 * Time to import each module in a fresh process (median of `runs`), measured
 * inside the child around a dynamic import so node's own boot is excluded.
 */
export function importTimes(items, runs) {
  const out = {};
  for (const item of items) {
    const spec = typeof item === "string" ? item : item.label;
    const url = urlFor(item);
    if (!url) {
      out[spec] = null; // not installed: reported as such
      continue;
    }
    const code = `const t=performance.now();await import(${JSON.stringify(url)});process.stdout.write(String(performance.now()-t))`;
    const times = [];
    for (let i = 0; i < runs; i++) {
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
      if (child.status !== 0) throw new Error(`importing ${spec} failed: ${child.stderr.slice(0, 400)}`);
      times.push(Number(child.stdout));
    }
    out[spec] = median(times);
  }
  return out;
}
