/**
 * Runs the per-choice comparison (suite.mjs choiceSpeed) in a fresh
 * `node --expose-gc` child, so that what the compile and check benchmarks
 * left in the parent's heap (tens of MB of sources, ASTs and inkjs objects)
 * does not weigh on the players. The three tools still alternate, round by
 * round, in this one process.
 *
 *   node --expose-gc runtime-child.mjs <input.json>
 *
 * The input holds the tree's xstate config, the compiled flowc and inkjs
 * JSON, the walks and the plan; the result is printed as JSON.
 */
import { readFileSync } from "node:fs";
import { choiceSpeed, loadFlowc } from "./suite.mjs";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const flowc = input.withFlowc ? await loadFlowc() : null;
if (flowc?.error) throw new Error(flowc.error);
const sources = { size: input.size, xstateJson: input.xstateJson };
const result = choiceSpeed(flowc, sources, input.compiled, input.walks, input.rounds, input.sampleMs);
process.stdout.write(JSON.stringify(result));
