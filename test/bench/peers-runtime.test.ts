// The runtime comparison runs in a child process of its own (bench/peers/runtime-child.mjs);
// this plays a tiny tree through it, so a broken child fails here, not in a 4-minute bench run.
// The child loads flowc from the built packages, as the benchmark does (CI builds first).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "@flowc/dsl";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM benchmark modules without type declarations
import { choiceSpeedInChild, combineProcesses, makeSources } from "../../bench/peers/suite.mjs";
// @ts-expect-error: as above
import * as ink from "../../bench/peers/tools/ink.mjs";
import { generateWalks } from "../../bench/peers/tree.mjs";

const dir = mkdtempSync(join(tmpdir(), "flowc-peers-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runtime comparison in a child process", () => {
  it("times a choice for each of the three tools on the same walks", () => {
    const sources = makeSources(12, dir);
    const compiled = {
      inkjs: ink.compileToJson(sources.ink),
      flowc: JSON.stringify(compile(sources.flow).definition),
    };
    const walks = generateWalks(sources.tree, 20);
    // Any flowc value asks the child to load flowc itself (from the built packages).
    const r = choiceSpeedInChild({}, sources, compiled, walks, 1, 1, dir, 2);
    expect(r.walks).toBe(20);
    expect(r.processes).toBe(2);
    expect(r.choices).toBe(walks.reduce((n: number, w: number[]) => n + w.length, 0));
    for (const tool of ["flowc", "inkjs", "xstate"]) {
      // One round in each of two processes.
      expect(r[tool].perChoiceSamplesUs).toHaveLength(2);
      expect(r[tool].perProcess).toHaveLength(2);
      expect(Number.isFinite(r[tool].perChoiceUs)).toBe(true);
    }
    for (const tool of ["inkjs", "xstate"]) {
      expect(r.choiceRatios[tool].perProcess).toEqual(
        r[tool].perProcess.map((p: { perChoiceUs: number }, i: number) => p.perChoiceUs / r.flowc.perProcess[i].perChoiceUs),
      );
    }
  });
});

describe("several runtime processes, combined", () => {
  const run = (flowc: number, xstate: number) => ({
    size: 10, walks: 2, choices: 5, rounds: 1,
    flowc: { reps: 1, perChoiceUs: flowc, perStartUs: 1, perChoiceSamplesUs: [flowc] },
    xstate: { reps: 1, perChoiceUs: xstate, perStartUs: 2, perChoiceSamplesUs: [xstate] },
  });

  it("takes each tool's median process, and the median of the ratios inside each process", () => {
    // Per process: 10×, 8×, 20×. The ratio of the medians (10 / 1) would say 10×.
    const r = combineProcesses([run(1, 10), run(2, 16), run(0.5, 10)]);
    expect(r.processes).toBe(3);
    expect(r.flowc.perChoiceUs).toBe(1);
    expect(r.xstate.perChoiceUs).toBe(10);
    expect(r.choiceRatios.xstate.perProcess).toEqual([10, 8, 20]);
    expect(r.choiceRatios.xstate.median).toBe(10);
    expect(r.xstate.perChoiceSamplesUs).toEqual([10, 16, 10]);
    const two = combineProcesses([run(1, 9), run(2, 24)]);
    expect(two.choiceRatios.xstate.median).toBe(10.5);
  });
});
