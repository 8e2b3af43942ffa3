/**
 * How much the property and fuzz tests do, and with which seed. CI mode (`npm test`) is
 * bounded and seeded; `npm run fuzz` sets FLOWC_FUZZ_RUNS for the deep mode.
 */

/** The number of runs of the main fuzz property (CI default, or FLOWC_FUZZ_RUNS). */
export function fuzzRuns(ciDefault: number): number {
  const env = Number(process.env.FLOWC_FUZZ_RUNS);
  return Number.isFinite(env) && env > 0 ? Math.floor(env) : ciDefault;
}

/** True in the deep mode (`npm run fuzz`): bigger inputs, more runs. */
export const deep = Number(process.env.FLOWC_FUZZ_RUNS) > 0;

/** A fixed seed unless FLOWC_FUZZ_SEED says otherwise, so CI runs are reproducible. */
export function fuzzSeed(fallback: number): number {
  const given = process.env.FLOWC_FUZZ_SEED?.trim();
  const env = given ? Number(given) : Number.NaN;
  return Number.isInteger(env) ? env : deep ? Date.now() % 2_147_483_647 : fallback;
}
