// The bench's own arithmetic: which samples count, in which order the tools run, how a figure prints.
import { describe, expect, it } from "vitest";
import { fmtSummary, interleave, median, runCases, summarize } from "../../bench/lib/measure.mjs";

describe("measure", () => {
  it("takes the median of odd and even counts, and the range", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([5, 1, 9])).toEqual({ median: 5, min: 1, max: 9, samples: [5, 1, 9] });
  });

  it("alternates the order every round and drops the warm-up rounds", () => {
    const order: string[] = [];
    let clock = 0;
    const tasks = ["a", "b"].map((name) => ({ name, run: () => order.push(name) }));
    const r = interleave(tasks, 3, { warmup: 1, time: (run) => (run(), { ms: ++clock, cpuMs: clock * 10 }) });
    expect(order.join("")).toBe("abbaabba");
    // Samples 1 and 2 were the warm-up round's.
    expect(r.a!.samples).toEqual([4, 5, 8]);
    expect(r.b!.samples).toEqual([3, 6, 7]);
    expect(r.a!.median).toBe(5);
    expect(r.a!.cpu).toEqual({ median: 50, samples: [40, 50, 80] });
  });

  it("runs a case's warm-up apart from its numbered samples, each after its untimed `before`, awaiting each step", async () => {
    const seen: string[] = [];
    const before = async (s: string[], i: number) => s.push(`before ${i}`);
    const run = async (s: string[], i: number) => s.push(`${i}`);
    const teardown = (s: string[]) => s.push("teardown");
    const [row] = await runCases([{ name: "c", setup: async () => seen, before, run, teardown }], { samples: 3, warmup: 2 });
    expect(seen.join(", ")).toBe("before -2, -2, before -1, -1, before 0, 0, before 1, 1, before 2, 2, teardown");
    expect(row!.name).toBe("c");
    expect(row!.samples).toHaveLength(3);
    expect(row!.cpu!.samples).toHaveLength(3);
  });

  it("prints a median with its range, the unit once when both ends share it", () => {
    expect(fmtSummary(summarize([12.3, 11.94, 13.04]))).toBe("12.3 ms (11.9–13.0 ms)");
    expect(fmtSummary(summarize([950, 900, 1200]))).toBe("950 ms (900 ms–1.20 s)");
    expect(fmtSummary(summarize([42]))).toBe("42.0 ms");
  });
});
