/**
 * Runs the check-scaling measurement (suite.mjs checkScaling) in a fresh
 * `node --expose-gc` child, on a heap that no inkjs compile has filled: in
 * one process, flowc's compile of 10,000 questions right after an inkjs one
 * measured 470–830 ms, against 310–510 ms with no inkjs compile before it.
 *
 *   node --expose-gc check-child.mjs '<{"sizes":[…],"repeats":[…],"rounds":n}>'
 *
 * Prints the result as JSON.
 */
import { checkScaling, loadFlowc } from "./suite.mjs";

const { sizes, repeats, rounds } = JSON.parse(process.argv[2]);
const flowc = await loadFlowc();
if (flowc.error) throw new Error(flowc.error);
process.stdout.write(JSON.stringify(checkScaling(flowc, sizes, repeats, rounds)));
