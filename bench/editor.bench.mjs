/**
 * What an author's editor waits for after a keystroke, measured in-process
 * on the peer comparison's generated tree: median and range of the samples
 * (each after a full GC). Method: docs/benchmarks.md.
 *
 *   node bench/run.mjs editor [--quick]
 *
 * To add a case, add an entry to CASES: `setup()` builds what the editor
 * holds before the keystroke (the text, an open document, a server), and
 * `run(state, i)` does once what the editor waits for; `i` numbers the
 * sample, so that each sample can type a different character. Any of them
 * may be async; `teardown(state)`, if given, stops what setup started.
 */
import { check } from "@flowc/dsl";
import { toFlow } from "./lib/forms.mjs";
import { fmtMs, fmtSummary, machineLoad, quick, runCases, table } from "./lib/measure.mjs";
import { generateTree } from "./lib/tree.mjs";

const SIZES = quick ? [1_000] : [1_000, 10_000];

/** The flow of `size` questions, and a way to type one character into a text in its middle. */
function document(size) {
  const text = toFlow(generateTree(size));
  const at = text.indexOf(`Вопрос ${size >> 1}.`) + "Вопрос ".length;
  return { text, edited: (i) => `${text.slice(0, at)}${i & 7}${text.slice(at + 1)}` };
}

const CASES = SIZES.flatMap((size) => [
  {
    name: `re-check after a one-character edit, ${size.toLocaleString("en")} questions`,
    setup: () => document(size),
    run(doc, i) {
      const { errors } = check(doc.edited(i), "bench.flow");
      if (errors !== 0) throw new Error(`the edited ${size}-question flow has ${errors} errors`);
    },
  },
]);

const rows = await runCases(CASES);
const header = ["case", "median (range)", "CPU, median", "samples"];
process.stdout.write(`${table(header, rows.map((r) => [r.name, fmtSummary(r), fmtMs(r.cpu.median), r.samples.length]))}\n`);
process.stdout.write(`1-minute load average ${machineLoad()}\n`);
