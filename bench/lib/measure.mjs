/**
 * What every bench measures with (method: docs/benchmarks.md): medians and ranges, alternating rounds (A B, B A, …)
 * so the machine's drift hits each tool alike, whole processes, tables.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** `--quick`: smaller inputs and fewer rounds, for a smoke run. */
export const quick = process.argv.includes("--quick");

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median and range of samples; `cpu`: the CPU times' median, when there are any.
 * @returns {{ median: number, min: number, max: number, samples: number[], cpu?: { median: number, samples: number[] } }}
 */
export function summarize(samples, cpuSamples = []) {
  /** @type {ReturnType<typeof summarize>} */
  const s = { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
  if (cpuSamples.length > 0) s.cpu = { median: median(cpuSamples), samples: cpuSamples };
  return s;
}

/** summarize() of timeOnce results. */
const summarizeTimes = (times) => summarize(times.map((t) => t.ms), times.filter((t) => t.cpuMs !== undefined).map((t) => t.cpuMs));

/** Starts a clock after a full GC; `stop()` gives the wall time and this process's CPU time (less moved by other work). */
function clock() {
  globalThis.gc?.();
  const [cpu0, t0] = [process.cpuUsage(), performance.now()];
  return () => {
    const [ms, cpu] = [performance.now() - t0, process.cpuUsage(cpu0)];
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

export function timeOnce(fn) {
  const stop = clock();
  fn();
  return stop();
}

/**
 * Runs `tasks` for `rounds` recorded rounds after `warmup` unrecorded ones, reversing the order every round. A task is
 * { name, run } (run in this process, measured by `time`: timeOnce by default) or { name, args, okStatus? } (a whole
 * `node args…` process: nodeProcess). Returns { [name]: summary } in ms.
 */
export function interleave(tasks, rounds, { warmup = 1, time = timeOnce } = {}) {
  const samples = Object.fromEntries(tasks.map((t) => [t.name, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    const order = r % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of order) {
      const t = task.args ? nodeProcess(task.args, task) : time(task.run);
      if (r >= warmup) samples[task.name].push(t);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarizeTimes(s)]));
}

/** CPU time (ms) of the child processes waited for, from Linux's /proc/self/stat (cutime + cstime, in ticks of 10 ms). */
function childrenCpuMs() {
  if (!existsSync("/proc/self/stat")) return undefined;
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** One `node args…` process: wall time from spawn to exit, its CPU time and its output; throws on an unexpected status. */
export function nodeProcess(args, { okStatus = [0] } = {}) {
  const [cpu0, t0] = [childrenCpuMs(), performance.now()];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (!okStatus.includes(child.status)) {
    throw new Error(`node ${args.join(" ")} exited ${child.status}: ${(child.stderr || child.stdout).slice(0, 400)}`);
  }
  return { ms, cpuMs: cpu0 === undefined ? undefined : childrenCpuMs() - cpu0, stdout: child.stdout };
}

/**
 * One tool's own latency: each case is { name, setup() → state, before?(state, i), run(state, i), teardown?(state) },
 * any of them async; only `run` is timed; `i` numbers the sample (negative: warm-up). Resolves to a summary per case.
 */
export async function runCases(cases, { samples = quick ? 5 : 21, warmup = 3 } = {}) {
  const rows = [];
  for (const c of cases) {
    const state = await c.setup?.();
    const times = [];
    for (let i = -warmup; i < samples; i++) {
      await c.before?.(state, i);
      const stop = clock();
      await c.run(state, i);
      if (i >= 0) times.push(stop());
    }
    await c.teardown?.(state);
    rows.push({ name: c.name, ...summarizeTimes(times) });
  }
  return rows;
}

/** Bytes an app pays for what `contents` (a tiny app's entry) imports: bundled as an app's bundler does, gzip -9. */
export function bundleSize(contents, resolveDir = ROOT) {
  const built = buildSync({
    stdin: { contents, resolveDir, loader: "js" },
    bundle: true, minify: true, platform: "browser", format: "esm", target: "es2022", write: false, logLevel: "silent",
  });
  const code = built.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

export function fmtMs(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return "—";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export const fmtUs = (us) => (us >= 1000 ? fmtMs(us / 1000) : us >= 10 ? `${us.toFixed(1)} µs` : `${us.toFixed(2)} µs`);

export const fmtBytes = (b) => (b === undefined ? "—" : `${b.toLocaleString("en")} B`);
export const fmtMB = (mb) => (mb === undefined ? "—" : `${mb.toFixed(1)} MB`);
export const fmtRatio = (x) => (x === undefined || !Number.isFinite(x) ? "—" : `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`);

/** "12.3 ms (11.9–13.0)": a summary's median and range, in the given unit. */
export function fmtSummary(s, fmt = fmtMs) {
  if (s.samples?.length === 1) return fmt(s.median);
  const [low, high] = [fmt(s.min), fmt(s.max)];
  const unit = high.slice(high.indexOf(" "));
  return `${fmt(s.median)} (${low.endsWith(unit) ? low.slice(0, -unit.length) : low}–${high})`;
}

/** A plain-text table, columns padded. */
export function table(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => String(r[c] ?? "").length)));
  const line = (r) => r.map((cell, c) => String(cell ?? "").padEnd(widths[c])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** How busy the machine is (1-minute load average), for the top of a report. */
export const machineLoad = () => loadavg()[0].toFixed(1);

/** Prints a bench's table, then a line of notes that ends with the machine's load. */
export function printTable(header, rows, note = "") {
  process.stdout.write(`${table(header, rows)}\n${note}${note && "; "}1-minute load average ${machineLoad()}\n`);
}
