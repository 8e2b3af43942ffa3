// The runtime comparison runs in a child process of its own (bench/peers/runtime-child.mjs);
// this plays a tiny tree through it, so a broken child fails here, not in a 4-minute bench run.
// The child loads flowc from the built packages, as the benchmark does (CI builds first).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "@flowc/dsl";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM benchmark modules without type declarations
import { choiceSpeedInChild, makeSources } from "../../bench/peers/suite.mjs";
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
    const r = choiceSpeedInChild({}, sources, compiled, walks, 1, 1, dir);
    expect(r.walks).toBe(20);
    expect(r.choices).toBe(walks.reduce((n: number, w: number[]) => n + w.length, 0));
    for (const tool of ["flowc", "inkjs", "xstate"]) {
      expect(r[tool].perChoiceSamplesUs).toHaveLength(1);
      expect(Number.isFinite(r[tool].perChoiceUs)).toBe(true);
    }
  });
});
