/**
 * flowc against its peers — inkjs 2 (compiler + player) and XState 5 — on the
 * same generated decision tree, measured side by side in one process run.
 * Method and figures: docs/benchmarks.md.
 *
 *   node --expose-gc bench/peers.bench.mjs [--quick]
 *
 * Prints a table with PASS/MISS per target and writes bench/results/peers.json.
 * flowc is measured through its built packages (`npx tsup` first); without
 * them the peers are still measured and the flowc targets read "n/a".
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { evaluateTargets, renderReport } from "./peers/report.mjs";
import {
  checkScalingInChild, choiceSpeedInChild, cliBuild, cliCheck, cliStartup, compileMemory, compileSpeed, loadFlowc,
  loadSpeed, makeSources, runtimeSize, verifyEquivalence,
} from "./peers/suite.mjs";
import * as ink from "./peers/tools/ink.mjs";
import { generateWalks } from "./peers/tree.mjs";

const quick = process.argv.includes("--quick");
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const version = (pkg) => JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;

// Sizes and repetitions. The full run keeps to ~3–4 minutes on 2 cores: inkjs
// needs ~10 s per 10,000-question compile, which bounds the rounds there.
const PLAN = quick
  ? {
      compile: [{ size: 100, rounds: 3 }, { size: 1_000, rounds: 1 }],
      memoryRuns: 1,
      cliBuild: [{ size: 1_000, runs: 1, inkRuns: 0 }],
      check: { sizes: [100, 1_000, 10_000], repeats: [3, 1, 1], rounds: 1 },
      cliCheck: { sizes: [100, 1_000, 10_000], runs: [1, 1, 1] },
      runtime: { size: 1_000, walks: 500, rounds: 3, sampleMs: 20, processes: 1 },
      load: { size: 1_000, rounds: 3 },
      cliRuns: 3,
    }
  : {
      compile: [{ size: 1_000, rounds: 5 }, { size: 10_000, rounds: 3 }],
      memoryRuns: 1,
      // inkjs-compiler at 10,000 questions costs as long as a library compile
      // (measured above), so its command line is timed at 1,000 only.
      cliBuild: [{ size: 1_000, runs: 3, inkRuns: 3 }, { size: 10_000, runs: 3, inkRuns: 0 }],
      check: { sizes: [1_000, 10_000, 100_000], repeats: [5, 2, 1], rounds: 2 },
      cliCheck: { sizes: [1_000, 10_000, 100_000], runs: [5, 3, 1] },
      runtime: { size: 1_000, walks: 2_000, rounds: 9, sampleMs: 100, processes: 3 },
      load: { size: 10_000, rounds: 5 },
      cliRuns: 10,
    };

const step = (message) => process.stderr.write(`▸ ${message}\n`);
const began = performance.now();
if (typeof globalThis.gc !== "function") {
  process.stderr.write("note: run with node --expose-gc for a GC before each sample\n");
}

const flowcOrError = await loadFlowc();
const flowc = flowcOrError.error ? null : flowcOrError;
const work = mkdtempSync(join(tmpdir(), "flowc-peers-"));

const results = {
  meta: {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    versions: { inkjs: version("inkjs"), xstate: version("xstate"), esbuild: version("esbuild"), chevrotain: version("chevrotain") },
    plan: PLAN,
    // Other work on the machine skews absolute times (ratios less so, as
    // the tools are interleaved); the report flags a busy machine.
    loadBefore: loadavg()[0],
  },
  flowcError: flowc ? undefined : flowcOrError.error,
  trees: [],
  compile: [],
  memory: [],
  cliBuild: [],
};

try {
  const sizes = [...new Set([...PLAN.compile.map((c) => c.size), PLAN.runtime.size, PLAN.load.size])].sort((a, b) => a - b);
  const sources = {};
  const compiled = {};
  for (const size of sizes) {
    step(`generate and compile ${size.toLocaleString("en")} questions`);
    const s = makeSources(size, work);
    sources[size] = s;
    compiled[size] = { inkjs: ink.compileToJson(s.ink) };
    if (flowc) compiled[size].flowc = flowc.compileToJson(s.flow);
    results.trees.push({
      ...s.stats,
      flowBytes: Buffer.byteLength(s.flow),
      inkBytes: Buffer.byteLength(s.ink),
      xstateBytes: Buffer.byteLength(s.xstateJson),
    });
  }

  const rtSources = sources[PLAN.runtime.size];
  const walks = generateWalks(rtSources.tree, PLAN.runtime.walks);
  step("verify that the three forms agree on every walk");
  results.verifiedWalks = verifyEquivalence(flowc, rtSources, compiled[PLAN.runtime.size], walks);

  for (const { size, rounds } of PLAN.compile) {
    step(`compile speed, ${size.toLocaleString("en")} questions × ${rounds} rounds`);
    results.compile.push(compileSpeed(flowc, sources[size], rounds, size === PLAN.compile[0].size));
  }
  for (const { size } of PLAN.compile) {
    step(`compile peak memory, ${size.toLocaleString("en")} questions (child processes)`);
    results.memory.push(compileMemory(flowc, sources[size], PLAN.memoryRuns));
  }
  for (const { size, runs, inkRuns } of PLAN.cliBuild) {
    step(`command-line build, ${size.toLocaleString("en")} questions`);
    results.cliBuild.push(cliBuild(flowc, sources[size], work, runs, inkRuns));
  }
  if (flowc) {
    step("check scaling");
    results.check = checkScalingInChild(PLAN.check.sizes, PLAN.check.repeats, PLAN.check.rounds);
    step("flowc check on the command line");
    results.cliCheck = cliCheck(PLAN.cliCheck.sizes, PLAN.cliCheck.runs, work);
  }
  step(`runtime: ${walks.length} random walks × ${PLAN.runtime.rounds} rounds in each of ${PLAN.runtime.processes} child processes`);
  results.runtime = choiceSpeedInChild(
    flowc, rtSources, compiled[PLAN.runtime.size], walks, PLAN.runtime.rounds, PLAN.runtime.sampleMs, work,
    PLAN.runtime.processes,
  );
  step(`load + start, ${PLAN.load.size.toLocaleString("en")} questions`);
  results.load = loadSpeed(flowc, sources[PLAN.load.size], compiled[PLAN.load.size], PLAN.load.rounds);
  step("bundle sizes");
  results.size = await runtimeSize(flowc);
  step("CLI start-up");
  results.cli = cliStartup(flowc, "flows/order-status.flow", PLAN.cliRuns);
} finally {
  rmSync(work, { recursive: true, force: true });
}

results.meta.loadAfter = loadavg()[0];
results.targets = evaluateTargets(results);
results.meta.seconds = Math.round((performance.now() - began) / 100) / 10;
process.stdout.write(`${renderReport(results)}\n\n(${results.meta.seconds} s)\n`);

const resultsDir = join(ROOT, "bench/results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "peers.json"), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write("wrote bench/results/peers.json\n");
