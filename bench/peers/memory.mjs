/**
 * Peak memory of one compile, each tool in its own fresh process (see
 * memory-child.mjs): peak RSS of a compiling child minus the peak RSS of an
 * idle child with the same imports loaded and the same source read.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median } from "./harness.mjs";

const CHILD = fileURLToPath(new URL("./memory-child.mjs", import.meta.url));

function runChild(tool, file, mode) {
  const child = spawnSync(process.execPath, ["--expose-gc", CHILD, tool, file, mode], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`memory child ${tool} ${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

/**
 * @returns {{ peakDeltaMB: number, retainedMB: number, runs: object[] }}
 * peakDeltaMB: median over `runs` of (compiling child's peak RSS − idle child's peak RSS).
 * retainedMB: heap still used after the compile (output kept alive), over the idle heap.
 */
export function measureCompileMemory(tool, file, runs = 1) {
  const deltas = [];
  const retained = [];
  const raw = [];
  for (let i = 0; i < runs; i++) {
    const idle = runChild(tool, file, "idle");
    const busy = runChild(tool, file, "compile");
    deltas.push((busy.peakKB - idle.peakKB) / 1024);
    retained.push((busy.heapUsed - idle.heapUsed) / 2 ** 20);
    raw.push({ idle, busy });
  }
  return { peakDeltaMB: median(deltas), retainedMB: median(retained), runs: raw };
}
