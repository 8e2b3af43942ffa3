// The check-scaling comparison runs in a child process of its own (bench/peers/check-child.mjs),
// and `flowc check` on the command line in fresh processes; this runs both on tiny trees, so a
// broken child or report fails here, not in a 4-minute bench run. Both use the built packages,
// as the benchmark does (CI builds first).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM benchmark modules without type declarations
import { evaluateTargets, renderReport } from "../../bench/peers/report.mjs";
// @ts-expect-error: as above
import { checkScalingInChild, cliCheck } from "../../bench/peers/suite.mjs";
// @ts-expect-error: as above
import { indexFlow, scanFlow } from "../../bench/peers/floor.mjs";

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
  references: Record<"scan" | "index", { median: number; samples: number[]; ratioToPrevious?: number }>;
}

describe("check scaling in a child process", () => {
  let r: CheckSize[] = [];
  beforeAll(() => {
    r = checkScalingInChild([10, 40], [2, 1], 1);
  });

  it("times each size with the garbage collection inside it", () => {
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

  it("times the reference passes beside every check run", () => {
    for (const c of r) {
      for (const name of ["scan", "index"] as const) {
        expect(c.references[name].samples).toHaveLength(c.samples.length);
        expect(c.references[name].median).toBeGreaterThan(0);
      }
    }
    for (const name of ["scan", "index"] as const) {
      const [small, large] = [r[0]!.references[name], r[1]!.references[name]];
      expect(large.ratioToPrevious).toBeCloseTo(large.median / small.median, 9);
    }
  });
});

describe("the reference passes", () => {
  const flow = [
    'flow f "Заголовок"',
    'ask "Как?" {',
    '  option a "Да" -> n1',
    '  option b "Нет \\"так\\"" { say "ok" }',
    "}",
    "node n1 { -> n2 }",
    "node n2 { end }",
    "node lost { -> n1 }",
    "",
  ].join("\n");

  it("scan counts every token: words, texts (escapes included), braces and arrows", () => {
    // flow f "…" | ask "…" { | option a "…" -> n1 | option b "…" { say "ok" } | } |
    // node n1 { -> n2 } | node n2 { end } | node lost { -> n1 }
    expect(scanFlow(flow)).toBe(3 + 3 + 5 + 7 + 1 + 6 + 5 + 6);
    expect(scanFlow("")).toBe(0);
  });

  it("index finds the nodes the entry does not reach, and refuses a broken reference", () => {
    expect(indexFlow(flow)).toBe(1);
    expect(indexFlow(flow.replace("node lost { -> n1 }", ""))).toBe(0);
    expect(() => indexFlow(flow.replace("-> n2", "-> n3"))).toThrow(/no node n3/);
    expect(() => indexFlow(flow.replace("node lost", "node n2"))).toThrow(/n2 defined twice/);
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
      {
        size: 1000, bytes: 1, median: 20, gcMedian: 0, outsideGcMedian: 20,
        references: { scan: { median: 2 }, index: { median: 3 } },
      },
      {
        size: 10000, bytes: 10, median: 300, gcMedian: 100, outsideGcMedian: 200, ratioToPrevious: 15, outsideGcRatioToPrevious: 10,
        references: { scan: { median: 20.5, ratioToPrevious: 10.25 }, index: { median: 39, ratioToPrevious: 13 } },
      },
    ];
    const cliCheckResults = [
      { size: 1000, runs: 5, median: 350 },
      { size: 10000, runs: 3, median: 800 },
    ];
    const results = {
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
      targets: [] as unknown[],
    };
    results.targets = evaluateTargets(results);
    const text: string = renderReport(results);
    expect(text).toMatch(/10,000\s+500 ms\s+9\.00 s\s+18×\s+3\s+120 ms\s+900 ms/);
    expect(text).toMatch(/of it GC\s+time outside GC/);
    expect(text).toMatch(/10,000\s+10 B\s+300 ms\s+15\.0×\s+100 ms\s+200 ms\s+10\.0×/);
    expect(text).toMatch(/10,000\s+800 ms\s+2\.3×\s+3/);
    // The reference passes beside the check's own ratio, and in the verdict's detail.
    expect(text).toMatch(/10,000\s+20\.5 ms\s+10\.3×\s+39\.0 ms\s+13\.0×\s+15\.0×/);
    expect(text).toContain("MISS  check linear: 10× the questions ≤ 12× the time: 15.0× (the index reference pass: 13.0×)");
    // The ratio inside each process, not the ratio of the medians (10×).
    expect(text).toMatch(/xstate\s+10\.0 µs\s+1\.00 µs\s+11×/);
    expect(text).toContain("xstate: 9.00 µs, 11.0 µs per choice; vs flowc 15×, 7.9×");
  });
});
