/**
 * The measurements, one function per comparison. Each returns plain data
 * (times in ms, sizes in bytes, memory in MB) that report.mjs turns into the
 * table and the PASS/MISS lines, and that peers.bench.mjs writes to JSON.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { FLOWC_BIN, ROOT, importTimes, wallTime } from "./cli.mjs";
import { toFlow, toInk, toXStateConfig } from "./forms.mjs";
import { interleave, median, round3, timeOnce } from "./harness.mjs";
import { indexFlow, scanFlow } from "./floor.mjs";
import { measureCompileMemory } from "./memory.mjs";
import { bundleSize } from "./size.mjs";
import * as ink from "./tools/ink.mjs";
import * as xstate from "./tools/xstate.mjs";
import { describeTree, generateTree, generateWalks } from "./tree.mjs";

export const INK_CLI = join(ROOT, "node_modules/inkjs/bin/inkjs-compiler.js");

const log = (message) => process.stderr.write(`  · ${message}\n`);

/**
 * Loads flowc from the built dists and proves it works on a tiny generated
 * flow. Returns the tool module, or { error } when the dists are not (yet)
 * built or not working, so the peer side can still be measured.
 */
export async function loadFlowc() {
  try {
    const flowc = await import("./tools/flowc.mjs");
    const tiny = generateTree(4);
    const json = flowc.compileToJson(toFlow(tiny));
    flowc.player(json).finalSays(generateWalks(tiny, 1)[0]);
    return flowc;
  } catch (error) {
    return { error: String(error?.message ?? error).split("\n")[0] };
  }
}

/** Every source form of one tree size, also written to `dir` for the child processes. */
export function makeSources(size, dir) {
  const tree = generateTree(size);
  const sources = {
    size,
    tree,
    stats: describeTree(tree),
    flow: toFlow(tree),
    ink: toInk(tree),
    xstateJson: JSON.stringify(toXStateConfig(tree)),
  };
  sources.flowFile = join(dir, `tree-${size}.flow`);
  sources.inkFile = join(dir, `tree-${size}.ink`);
  writeFileSync(sources.flowFile, sources.flow);
  writeFileSync(sources.inkFile, sources.ink);
  return sources;
}

/**
 * The three forms must mean the same thing: replay walks on each compiled
 * form and compare the two lines each walk finishes with.
 */
export function verifyEquivalence(flowc, sources, compiled, walks) {
  const players = [
    ["inkjs", ink.player(compiled.inkjs)],
    ["xstate", xstate.player(sources.xstateJson)],
  ];
  if (flowc) players.unshift(["flowc", flowc.player(compiled.flowc)]);
  for (const walk of walks) {
    const expected = JSON.stringify(players[0][1].finalSays(walk));
    for (const [name, p] of players.slice(1)) {
      const got = JSON.stringify(p.finalSays(walk));
      if (got !== expected) {
        throw new Error(`${name} and ${players[0][0]} disagree on walk ${walk}: ${got} vs ${expected}`);
      }
    }
  }
  return walks.length;
}

/** Library compile + JSON text, flowc vs inkjs, interleaved in this process. */
export function compileSpeed(flowc, sources, rounds, warmup) {
  const tasks = [{ name: "inkjs", run: () => ink.compileToJson(sources.ink) }];
  if (flowc) tasks.unshift({ name: "flowc", run: () => flowc.compileToJson(sources.flow) });
  const result = interleave(tasks, rounds, { warmup });
  return { size: sources.size, rounds, ...result };
}

/** Peak RSS of one compile, each tool in fresh child processes. */
export function compileMemory(flowc, sources, runs) {
  const out = { size: sources.size, runs };
  if (flowc) out.flowc = measureCompileMemory("flowc", sources.flowFile, runs);
  out.inkjs = measureCompileMemory("inkjs", sources.inkFile, runs);
  for (const tool of ["flowc", "inkjs"]) if (out[tool]) delete out[tool].runs;
  return out;
}

/** Wall time of the command-line compilers writing JSON, fresh process per run. */
export function cliBuild(flowc, sources, dir, runs, inkRuns) {
  const out = { size: sources.size };
  const outDir = join(dir, "out");
  mkdirSync(outDir, { recursive: true });
  if (flowc) {
    // The CLI may lag the library while it is being built: report, don't stop.
    try {
      const r = wallTime([FLOWC_BIN, "build", sources.flowFile, "--out-dir", outDir, "--emit", "json"], runs);
      out.flowc = { median: r.median, samples: r.samples.map(round3) };
    } catch (error) {
      out.flowcError = String(error.message).split("\n")[0];
    }
  }
  if (inkRuns > 0) {
    const r = wallTime([INK_CLI, "-o", join(outDir, `tree-${sources.size}.ink.json`), sources.inkFile], inkRuns);
    out.inkjs = { median: r.median, samples: r.samples.map(round3) };
  }
  return out;
}

/**
 * `check` alone at growing sizes. The sizes are interleaved like the tools
 * elsewhere (small → large, then large → small, …) so drift hits every size
 * alike; each round runs size i `repeats[i]` times (small sizes more often,
 * so every size gets a comparable share of the clock). Every size but the
 * largest (too slow to waste a run on) gets one unrecorded warm-up run, and
 * every run must find the generated flow clean.
 *
 * Each run also records the time V8 spent collecting garbage during it: the
 * time per question grows with size mostly there (docs/benchmarks.md), so
 * the report shows it beside the total.
 *
 * Beside every check run, in alternating order, the two reference passes of
 * floor.mjs run on the same text (`references`: their medians and ratios),
 * so the check's growth can be read against what a pass that is linear by
 * construction shows on the same machine in the same minutes.
 */
export function checkScaling(flowc, sizes, repeats, rounds) {
  const texts = sizes.map((size) => {
    log(`generate ${size.toLocaleString("en")} questions for check`);
    return toFlow(generateTree(size));
  });
  const references = [
    ["scan", (text) => scanFlow(text)],
    ["index", (text, size) => {
      const unreached = indexFlow(text);
      if (unreached !== 0) throw new Error(`the index pass found ${unreached} unreached nodes in the generated ${size}-question flow`);
    }],
  ];
  const passes = [
    ["check", (text, size) => {
      const errors = flowc.checkOnly(text);
      if (errors !== 0) throw new Error(`flowc check found ${errors} errors in the generated ${size}-question flow`);
    }],
    ...references,
  ];
  let runs = 0;
  const run = (i) => {
    // Alternate which pass goes first, so none always runs on a heap or cache the other left.
    const order = runs++ % 2 === 0 ? passes : [...passes].reverse();
    const sample = {};
    for (const [name, pass] of order) sample[name] = timeOnce(() => pass(texts[i], sizes[i]));
    return sample;
  };
  for (let i = 0; i < sizes.length - 1; i++) run(i);
  const samples = sizes.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = sizes.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      log(`check ${sizes[i].toLocaleString("en")} questions, round ${r + 1}/${rounds}`);
      for (let k = 0; k < repeats[i]; k++) samples[i].push(run(i));
    }
  }
  const out = sizes.map((size, i) => {
    const checks = samples[i].map((s) => s.check);
    return {
      size,
      bytes: Buffer.byteLength(texts[i]),
      median: median(checks.map((s) => s.ms)),
      gcMedian: median(checks.map((s) => s.gcMs)),
      outsideGcMedian: median(checks.map((s) => s.ms - s.gcMs)),
      samples: checks.map((s) => round3(s.ms)),
      gcSamples: checks.map((s) => round3(s.gcMs)),
      references: Object.fromEntries(
        references.map(([name]) => [name, {
          median: median(samples[i].map((s) => s[name].ms)),
          samples: samples[i].map((s) => round3(s[name].ms)),
        }]),
      ),
    };
  });
  for (let i = 1; i < out.length; i++) {
    out[i].ratioToPrevious = out[i].median / out[i - 1].median;
    out[i].outsideGcRatioToPrevious = out[i].outsideGcMedian / out[i - 1].outsideGcMedian;
    for (const [name, ref] of Object.entries(out[i].references)) {
      ref.ratioToPrevious = ref.median / out[i - 1].references[name].median;
    }
  }
  return out;
}

/**
 * `flowc check <file>` on the command line at growing sizes, wall time with
 * a fresh process per run: what a CI job waits for, node start-up and
 * reading the file included. Each generated file must check clean (exit 0).
 */
export function cliCheck(sizes, runs, dir) {
  return sizes.map((size, i) => {
    log(`flowc check on the command line, ${size.toLocaleString("en")} questions`);
    const file = join(dir, `check-${size}.flow`);
    writeFileSync(file, toFlow(generateTree(size)));
    try {
      const r = wallTime([FLOWC_BIN, "check", file], runs[i]);
      return { size, runs: runs[i], median: r.median, samples: r.samples.map(round3) };
    } finally {
      rmSync(file, { force: true });
    }
  });
}

/** checkScaling in a child process of its own (check-child.mjs), on a clean heap. */
export function checkScalingInChild(sizes, repeats, rounds) {
  return runInChild("check-child.mjs", JSON.stringify({ sizes, repeats, rounds }), "the check-scaling");
}

/**
 * Runs `node --expose-gc bench/peers/<script> <arg>` and returns the JSON it
 * prints; its progress goes to this process's stderr.
 */
function runInChild(script, arg, what) {
  const child = spawnSync(process.execPath, ["--expose-gc", join(ROOT, "bench/peers", script), arg], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`${what} child process failed (exit ${child.status})`);
  return JSON.parse(child.stdout);
}

/**
 * Time per choice on the same random walks. Each round times, per tool, a
 * batch of starts only and a batch of full walks (start + choices) of the
 * same walks; (walks − starts) / choices is the time per choice, the
 * median taken over rounds. Fast tools repeat the batch (`reps`) so every
 * sample lasts about `sampleMs`.
 */
export function choiceSpeed(flowc, sources, compiled, walks, rounds, sampleMs) {
  const choices = walks.reduce((n, w) => n + w.length, 0);
  const players = [
    ["inkjs", ink.player(compiled.inkjs)],
    ["xstate", xstate.player(sources.xstateJson)],
  ];
  if (flowc) players.unshift(["flowc", flowc.player(compiled.flowc)]);
  const tasks = [];
  const reps = {};
  for (const [name, p] of players) {
    // Warm the code paths, then calibrate on the fastest of three batches. A
    // batch timed before the JIT had settled once made flowc's samples last a
    // third of sampleMs, and such short samples read each choice up to twice
    // as slow (the per-sample cost after the forced GC no longer averages out).
    p.walks(walks, 1);
    let once = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      p.walks(walks, 1);
      once = Math.min(once, performance.now() - t0);
    }
    reps[name] = Math.max(1, Math.ceil(sampleMs / Math.max(once, 0.01)));
    tasks.push({ name: `${name}:starts`, run: () => p.starts(walks, reps[name]) });
    tasks.push({ name: `${name}:walks`, run: () => p.walks(walks, reps[name]) });
  }
  const r = interleave(tasks, rounds);
  const out = { size: sources.size, walks: walks.length, choices, rounds };
  for (const [name] of players) {
    const starts = r[`${name}:starts`].samples;
    const full = r[`${name}:walks`].samples;
    const perChoiceUs = full.map((ms, i) => ((ms - starts[i]) * 1000) / (reps[name] * choices));
    const perStartUs = starts.map((ms) => (ms * 1000) / (reps[name] * walks.length));
    out[name] = {
      reps: reps[name],
      perChoiceUs: median(perChoiceUs),
      perStartUs: median(perStartUs),
      perChoiceSamplesUs: perChoiceUs.map(round3),
    };
  }
  return out;
}

/**
 * choiceSpeed in child processes of their own (runtime-child.mjs), one after
 * the other: the players run on a clean heap, not after the compile
 * benchmarks, whose leftovers made every tool's per-choice time vary by up to
 * 2× from run to run. Several processes because a process is fast or slow for
 * its whole life (flowc's choice 0.63 or 1.15 µs, whatever V8's seeds or the
 * address layout; docs/benchmarks.md): each tool's figure is the median of
 * the processes' medians, and each ratio the median of the ratios measured
 * inside each process, where the tools shared the machine's state.
 */
export function choiceSpeedInChild(flowc, sources, compiled, walks, rounds, sampleMs, dir, processes = 1) {
  const file = join(dir, "runtime-input.json");
  writeFileSync(
    file,
    JSON.stringify({ withFlowc: Boolean(flowc), size: sources.size, xstateJson: sources.xstateJson, compiled, walks, rounds, sampleMs }),
  );
  const runs = [];
  for (let k = 0; k < processes; k++) {
    log(`runtime comparison, process ${k + 1}/${processes}`);
    runs.push(runInChild("runtime-child.mjs", file, "the runtime comparison's"));
  }
  return combineProcesses(runs);
}

/** One result from several runs of choiceSpeed, each in its own process. */
export function combineProcesses(runs) {
  const first = runs[0];
  const out = { size: first.size, walks: first.walks, choices: first.choices, rounds: first.rounds, processes: runs.length };
  const tools = ["flowc", "inkjs", "xstate"].filter((t) => first[t]);
  for (const t of tools) {
    out[t] = {
      perChoiceUs: median(runs.map((r) => r[t].perChoiceUs)),
      perStartUs: median(runs.map((r) => r[t].perStartUs)),
      perProcess: runs.map((r) => ({ reps: r[t].reps, perChoiceUs: r[t].perChoiceUs, perStartUs: r[t].perStartUs })),
      perChoiceSamplesUs: runs.flatMap((r) => r[t].perChoiceSamplesUs),
    };
  }
  if (first.flowc) {
    out.choiceRatios = {};
    for (const t of tools.filter((x) => x !== "flowc")) {
      const perProcess = runs.map((r) => r[t].perChoiceUs / r.flowc.perChoiceUs);
      out.choiceRatios[t] = { median: median(perProcess), perProcess };
    }
  }
  return out;
}

/** From compiled JSON text to a started session, at the size given. */
export function loadSpeed(flowc, sources, compiled, rounds) {
  const tasks = [
    { name: "inkjs", run: () => ink.loadAndStart(compiled.inkjs) },
    { name: "xstate", run: () => xstate.loadAndStart(sources.xstateJson).stop() },
  ];
  if (flowc) tasks.unshift({ name: "flowc", run: () => flowc.loadAndStart(compiled.flowc) });
  const result = interleave(tasks, rounds);
  const bytes = { inkjs: compiled.inkjs.length, xstate: sources.xstateJson.length };
  if (flowc) bytes.flowc = compiled.flowc.length;
  return { size: sources.size, rounds, bytes, ...result };
}

export async function runtimeSize(flowc) {
  const out = {};
  for (const tool of flowc ? ["flowc", "inkjs", "xstate"] : ["inkjs", "xstate"]) out[tool] = await bundleSize(tool);
  return out;
}

/** `flowc check <small file>` wall time, with what node start-up and each import cost. */
export function cliStartup(flowc, smallFile, runs) {
  const out = { file: smallFile, runs };
  out.nodeBare = wallTime(["-e", "0"], runs).median;
  if (flowc) {
    try {
      const r = wallTime([FLOWC_BIN, "check", smallFile], runs, { okStatus: [0, 1] });
      out.flowcCheck = { median: r.median, samples: r.samples.map(round3) };
    } catch (error) {
      out.flowcError = String(error.message).split("\n")[0];
    }
  }
  out.imports = importTimes(
    [
      "chevrotain",
      // chevrotain's own one-file bundle (not reachable through its package
      // exports): what the import would cost if the dsl build bundled it.
      { label: "chevrotain (bundled file)", path: "node_modules/chevrotain/lib/chevrotain.mjs" },
      "commander",
      "prettier",
      "@flowc/runtime",
      "@flowc/dsl",
      "inkjs/full",
      "xstate",
    ],
    Math.max(3, Math.ceil(runs / 2)),
  );
  return out;
}
