// The check-scaling comparison runs in a child process of its own (bench/peers/check-child.mjs),
// and `flowc check` on the command line in fresh processes; this runs both on tiny trees, so a
// broken child or report fails here, not in a 4-minute bench run. Both use the built packages,
// as the benchmark does (CI builds first).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM benchmark modules without type declarations
import { renderReport } from "../../bench/peers/report.mjs";
// @ts-expect-error: as above
import { checkScalingInChild, cliCheck } from "../../bench/peers/suite.mjs";

const dir = mkdtempSync(join(tmpdir(), "flowc-peers-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CheckSize {
  size: number;
  median: number;
  gcMedian: number;
  outsideGcMedian: number;
  samples: number[];
  gcSamples: number[];
  ratioToPrevious?: number;
  outsideGcRatioToPrevious?: number;
}

describe("check scaling in a child process", () => {
  it("times each size with the garbage collection inside it", () => {
    const r: CheckSize[] = checkScalingInChild([10, 40], [2, 1], 1);
    expect(r.map((c) => c.size)).toEqual([10, 40]);
    expect(r.map((c) => c.samples.length)).toEqual([2, 1]);
    for (const c of r) {
      expect(c.gcSamples).toHaveLength(c.samples.length);
      expect(c.gcMedian).toBeGreaterThanOrEqual(0);
      // GC happens inside the timed call, so it can never exceed it.
      c.samples.forEach((ms, i) => expect(c.gcSamples[i]!).toBeLessThanOrEqual(ms + 0.001));
      expect(c.outsideGcMedian).toBeLessThanOrEqual(c.median + 0.001);
    }
    expect(r[1]!.ratioToPrevious).toBeCloseTo(r[1]!.median / r[0]!.median, 9);
    expect(r[1]!.outsideGcRatioToPrevious).toBeCloseTo(r[1]!.outsideGcMedian / r[0]!.outsideGcMedian, 9);
  });
});

describe("flowc check on the command line", () => {
  it("times the real command on each size and removes its files", () => {
    const r = cliCheck([5, 20], [1, 1], dir);
    expect(r.map((c: { size: number }) => c.size)).toEqual([5, 20]);
    for (const c of r) expect(c.median).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("the report", () => {
  it("shows the GC inside compiles and checks beside their times, and the command line's times", () => {
    const check = [
      { size: 1000, bytes: 1, median: 20, gcMedian: 0, outsideGcMedian: 20 },
      { size: 10000, bytes: 10, median: 300, gcMedian: 100, outsideGcMedian: 200, ratioToPrevious: 15, outsideGcRatioToPrevious: 10 },
    ];
    const cliCheckResults = [
      { size: 1000, runs: 5, median: 350 },
      { size: 10000, runs: 3, median: 800 },
    ];
    const text: string = renderReport({
      meta: { versions: { inkjs: "x", xstate: "y" }, node: "v20", cpus: 2, cpuModel: "cpu", loadBefore: 0, loadAfter: 0 },
      trees: [],
      compile: [{ size: 10000, rounds: 3, flowc: { median: 500, gcMedian: 120 }, inkjs: { median: 9000, gcMedian: 900 } }],
      memory: [], cliBuild: [], check, cliCheck: cliCheckResults,
      runtime: {
        size: 1000, walks: 1, choices: 1, rounds: 9, processes: 2,
        flowc: { perChoiceUs: 1, perStartUs: 1, perProcess: [{ perChoiceUs: 0.6 }, { perChoiceUs: 1.4 }] },
        xstate: { perChoiceUs: 10, perStartUs: 1, perProcess: [{ perChoiceUs: 9 }, { perChoiceUs: 11 }] },
        choiceRatios: { xstate: { median: 11.4, perProcess: [15, 7.9] } },
      },
      load: { size: 1000, rounds: 1, bytes: {} },
      size: {},
      cli: { runs: 1, file: "f.flow", imports: {} },
      targets: [],
    });
    expect(text).toMatch(/10,000\s+500 ms\s+9\.00 s\s+18×\s+3\s+120 ms\s+900 ms/);
    expect(text).toMatch(/of it GC\s+time outside GC/);
    expect(text).toMatch(/10,000\s+10 B\s+300 ms\s+15\.0×\s+100 ms\s+200 ms\s+10\.0×/);
    expect(text).toMatch(/10,000\s+800 ms\s+2\.3×\s+3/);
    // The ratio inside each process, not the ratio of the medians (10×).
    expect(text).toMatch(/xstate\s+10\.0 µs\s+1\.00 µs\s+11×/);
    expect(text).toContain("xstate: 9.00 µs, 11.0 µs per choice; vs flowc 15×, 7.9×");
  });
});
