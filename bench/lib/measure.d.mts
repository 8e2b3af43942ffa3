// Types for measure.mjs (used by test/bench/measure.test.ts).
export interface Summary { median: number; min: number; max: number; samples: number[]; cpu?: { median: number; samples: number[] } }
export declare function median(values: readonly number[]): number;
export declare function summarize(samples: number[], cpuSamples?: number[]): Summary;
export declare function interleave(
  tasks: readonly { name: string; run: () => unknown }[],
  rounds: number,
  options?: { warmup?: number; time?: (run: () => unknown) => { ms: number; cpuMs?: number } },
): Record<string, Summary>;
export declare function runCases<S>(
  cases: readonly { name: string; setup?: () => S | Promise<S>; run: (state: S, i: number) => unknown; teardown?: (state: S) => unknown }[],
  options?: { samples?: number; warmup?: number },
): Promise<(Summary & { name: string })[]>;
export declare function fmtMs(ms: number): string;
export declare function fmtSummary(s: Summary, fmt?: (x: number) => string): string;
