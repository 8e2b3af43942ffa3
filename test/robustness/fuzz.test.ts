/**
 * Fuzzing the whole pipeline (parse → check → compile → format → diagrams →
 * paths → emitTypeScript → runtime walk) with fast-check. Nothing may throw;
 * every run ends in diagnostics or output; see runPipeline for the
 * invariants. CI runs a bounded, seeded number of cases; `npm run fuzz` sets
 * FLOWC_FUZZ_RUNS (and a random seed, printed on failure; replay with
 * FLOWC_FUZZ_SEED). A failing input is saved under test/fixtures/fuzz-corpus/
 * so that it is replayed by corpus.test.ts from then on.
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deep,
  fuzzRuns,
  fuzzSeed,
  hostileFlowArb,
  mutate,
  mutationArb,
  runPipeline,
  saveToCorpus,
  seedFiles,
  soupPiece,
} from "./support.js";

// Big seeds (some corpus entries are 200 KB) are replayed by corpus.test.ts, not mutated.
const seeds = seedFiles().filter((s) => s.text.length <= 32_000);
const RUNS = fuzzRuns(300);
/** A generous timeout: the deep mode runs many more cases. */
const timeout = 60_000 + RUNS * 400;
const trace = process.env.FLOWC_FUZZ_TRACE;
const walk = fc.array(fc.nat({ max: 50 }), { maxLength: 12 });

/**
 * Runs the pipeline; on failure keeps the input as a regression fixture. A
 * case that kills the process (out of memory) cannot be saved afterwards, so
 * FLOWC_FUZZ_TRACE=file writes each input there before it runs.
 */
function pipelineOrSave(text: string, choices: readonly number[] = [0, 1, 2]): void {
  if (trace) writeFileSync(trace, text);
  try {
    runPipeline(text, { walk: choices, parseEmitted: true });
  } catch (error) {
    const file = saveToCorpus(text);
    (error as Error).message += `\n(input saved as ${file})`;
    throw error;
  }
}

let cases = 0;

describe("fuzzing the pipeline", () => {
  it("has seeds from every fixture", () => {
    expect(seeds.length).toBeGreaterThan(100);
  });

  it("survives every fixture as it is", () => {
    for (const seed of seeds) {
      cases++;
      pipelineOrSave(seed.text);
    }
  });

  it(
    "survives grammar-aware mutations of the fixtures",
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...seeds),
          fc.array(mutationArb, { minLength: 1, maxLength: 8 }),
          walk,
          (seed, mutations, choices) => {
            cases++;
            let text = seed.text;
            for (const m of mutations) text = mutate(text, m);
            pipelineOrSave(text, choices);
          },
        ),
        { numRuns: RUNS, seed: fuzzSeed(20_261_126) },
      );
    },
    timeout,
  );

  it(
    "survives soups of keywords, braces, quotes and random code units",
    () => {
      fc.assert(
        fc.property(fc.array(soupPiece, { maxLength: deep ? 400 : 150 }), (parts) => {
          cases++;
          pipelineOrSave(parts.join(""));
        }),
        { numRuns: Math.ceil(RUNS / 2), seed: fuzzSeed(7) },
      );
    },
    timeout,
  );

  it(
    "survives arbitrary strings of UTF-16 code units (lone surrogates, NUL, BOM)",
    () => {
      const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 400 }), (text) => {
          cases++;
          pipelineOrSave(text);
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: fuzzSeed(11) },
      );
    },
    timeout,
  );

  it(
    "compiles and plays valid flows full of hostile texts and JavaScript-special ids",
    () => {
      fc.assert(
        fc.property(hostileFlowArb, fc.array(fc.nat(), { maxLength: 4 }), (flow, choices) => {
          cases++;
          try {
            const result = runPipeline(flow.source, { walk: choices, parseEmitted: true });
            expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          } catch (error) {
            saveToCorpus(flow.source);
            throw error;
          }
        }),
        { numRuns: Math.ceil(RUNS / 3), seed: fuzzSeed(13) },
      );
    },
    timeout,
  );

  it("ran the cases it says", () => {
    // Printed so a CI log (and the report in docs/security.md) can quote it.
    console.log(`[fuzz] ${cases} pipeline runs (FLOWC_FUZZ_RUNS=${RUNS})`);
    expect(cases).toBeGreaterThanOrEqual(seeds.length + RUNS);
  });
});
