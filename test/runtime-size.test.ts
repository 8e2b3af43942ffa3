/**
 * What @flowc/runtime adds to a browser app: every export (start, choose,
 * result, back, restart, serialize, restore, FlowError) bundled and minified
 * for the browser, as an app's bundler makes it, then gzipped. Bytes, not
 * time, so the figure is the same on every machine. bench/ reports the same
 * measure beside the peers'.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleSize } from "../bench/lib/measure.mjs";

const entry = join(import.meta.dirname, "../packages/runtime/src/index.ts");

/** Minified and gzipped size of an app that imports `names` from the runtime's source and keeps them. */
const appSize = (names: string) =>
  bundleSize(`import { ${names} } from ${JSON.stringify(entry)};\nwindow.runtime = { ${names} };`, import.meta.dirname);

// Issue 18 asked for under 3 KB (3,072 B) before the runtime had issue 16's
// messages that name each fix and issue 22's choice inputs and `match`. With
// every message text emptied, the code alone is about 3.0 KB, so 3 KB would
// mean dropping a feature; the budget is 4.25 KB instead, about a third of
// XState's 11.9 KB (docs/benchmarks.md). Today: about 4.2 KB.
const BUDGET = 4_352;
const EVERY_EXPORT =
  "start, choose, result, back, restart, serialize, restore, FlowError, DEFINITION_FORMAT, DEFINITION_VERSION";

describe("@flowc/runtime bundle size", () => {
  it(`every export, minified and gzipped, stays under ${BUDGET} bytes`, () => {
    const size = appSize(EVERY_EXPORT);
    expect(size.gzipped, JSON.stringify(size)).toBeLessThan(BUDGET);
    // An app that only plays pays for less.
    expect(appSize("start, choose, result").gzipped).toBeLessThan(size.gzipped);
  });
});
