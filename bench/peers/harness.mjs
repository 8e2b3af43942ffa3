/**
 * Timing helpers. Every comparison runs its tools in the same process, in
 * interleaved rounds (A B, B A, A B, …) after one unrecorded warm-up round,
 * so JIT warm-up, thermal or background drift hit every tool alike; the
 * reported figure is the median of the rounds. A full GC runs before each
 * sample (node --expose-gc) so one tool's garbage is not collected on the
 * next tool's clock, and the collections that run during a sample are
 * recorded with it.
 */
import { performance } from "node:perf_hooks";
import { GCProfiler } from "node:v8";

const collect = () => globalThis.gc?.();

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Time one call in milliseconds, and how much of it V8 spent collecting
 * garbage (`gcMs`, from v8.GCProfiler: the pause of every collection that
 * ran during the call).
 */
export function timeOnce(fn) {
  collect();
  const profiler = new GCProfiler();
  profiler.start();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const { statistics } = profiler.stop();
  let gcUs = 0;
  for (const s of statistics) gcUs += s.cost;
  return { ms, gcMs: gcUs / 1000, value };
}

/**
 * Run `tasks` ({ name, run }) for `rounds` recorded rounds, alternating the
 * order every round. Returns { [name]: { median, samples, gcMedian, gcSamples } }
 * in ms (gc: the time V8 spent collecting garbage during each sample).
 */
export function interleave(tasks, rounds, { warmup = true } = {}) {
  const samples = Object.fromEntries(tasks.map((t) => [t.name, []]));
  const total = rounds + (warmup ? 1 : 0);
  for (let r = 0; r < total; r++) {
    const order = r % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of order) {
      const sample = timeOnce(task.run);
      if (!warmup || r > 0) samples[task.name].push(sample);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [
      name,
      {
        median: median(s.map((x) => x.ms)),
        samples: s.map((x) => round3(x.ms)),
        gcMedian: median(s.map((x) => x.gcMs)),
        gcSamples: s.map((x) => round3(x.gcMs)),
      },
    ]),
  );
}

export const round3 = (x) => Math.round(x * 1000) / 1000;

