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

// Issue 18 asks for under 3 KB (3,072 B). The code alone, every message text
// emptied, is about 2.7 KB; the messages that name each fix (issue 16) add
// about 0.7 KB, so 3 KB would mean cutting them by half. This guards today's
// figure against growth until the lead decides between the two. Choice inputs
// and `match` (issue 22) took it from about 3.4 KB to about 4.2 KB: checking
// the matches of a definition and the values of choice inputs, taking a case,
// recording it in the transcript, and restore() refusing a case that changed.
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
