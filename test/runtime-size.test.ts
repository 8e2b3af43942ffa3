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

// Issue 18 asks for under 3 KB (3,072 B). Today: about 3.36 KB, of which
// the code with every string emptied is about 2.58 KB and the strings (the
// messages that name each fix, issue 16, plus codes and kinds) about 0.78 KB;
// the definition's validation (load.ts) is about 0.8 KB of the whole. 3 KB
// would mean cutting the messages by a third or dropping validation rules,
// so this guards against growth until the lead decides between the two.
const BUDGET = 3_584;
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
