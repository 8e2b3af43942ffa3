/**
 * flowc against inkjs 2 and XState 5 on the same generated decision tree, in one run, so every ratio compares figures
 * taken in the same minutes (method: docs/benchmarks.md). Prints one table; every sample goes to bench/results/peers.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { toFlow, toInk, toXStateConfig } from "./lib/forms.mjs";
import {
  ROOT, bundleSize, fmtBytes, fmtMB, fmtMs, fmtRatio, fmtSummary, fmtUs, interleave, machineLoad, nodeProcess,
  quick, summarize, table, timeOnce,
} from "./lib/measure.mjs";
import { flowc, inkjs, xstate } from "./lib/tools.mjs";
import { generateTree, generateWalks } from "./lib/tree.mjs";

const PLAN = quick
  ? { sizes: [100, 1_000], compileRounds: [3, 1], processRounds: 1, walks: 300, choiceRounds: 3, sampleMs: 20, smallRuns: 3 }
  : { sizes: [1_000, 10_000], compileRounds: [5, 3], processRounds: 3, walks: 2_000, choiceRounds: 9, sampleMs: 100, smallRuns: 10 };
const FLOWC_BIN = join(ROOT, "packages/cli/bin/flowc.js");
const INK_BIN = join(ROOT, "node_modules/inkjs/bin/inkjs-compiler.js");
/** What an app pays for each player; flowc also with every export of the built @flowc/runtime (its budget). */
const APPS = {
  "flowc, every export": `import * as runtime from "@flowc/runtime"; globalThis.runtime = runtime;`,
  "flowc, start/choose/result": `import { start, choose, result } from "@flowc/runtime";
    globalThis.play = (flow, key) => result(choose(start(flow), key));`,
  "inkjs, Story": `import { Story } from "inkjs";
    globalThis.play = (json, i) => { const s = new Story(json); s.ContinueMaximally(); s.ChooseChoiceIndex(i); return s.ContinueMaximally(); };`,
  "xstate, createMachine/createActor": `import { createMachine, createActor } from "xstate";
    globalThis.play = (config, type) => { const a = createActor(createMachine(config)).start(); a.send({ type }); return a.getSnapshot().getMeta(); };`,
};
const version = (pkg) => JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;

const work = mkdtempSync(join(tmpdir(), "flowc-peers-"));
const results = {
  date: new Date().toISOString(), quick, node: process.version, cpus: `${cpus().length}× ${cpus()[0]?.model}`,
  versions: { inkjs: version("inkjs"), xstate: version("xstate") }, loadBefore: machineLoad(), plan: PLAN,
  wholeProcess: [], inProcess: [], memory: [],
};

try {
  const sources = PLAN.sizes.map((size) => {
    const tree = generateTree(size);
    const s = { size, tree, flow: toFlow(tree), ink: toInk(tree), flowFile: join(work, `tree-${size}.flow`) };
    s.inkFile = join(work, `tree-${size}.ink`);
    writeFileSync(s.flowFile, s.flow);
    writeFileSync(s.inkFile, s.ink);
    return s;
  });
  // First, on a heap that no compile of the large tree has filled yet.
  const played = sources.find((s) => s.size === 1_000) ?? sources[0];
  results.choice = choiceSpeed(played);

  for (const [i, s] of sources.entries()) {
    const warmup = i === 0 ? 1 : 0;
    results.inProcess.push({ size: s.size, ...interleave([
      { name: "flowc", run: () => flowc.compileToJson(s.flow) },
      { name: "inkjs", run: () => inkjs.compileToJson(s.ink) },
    ], PLAN.compileRounds[i], { warmup }) });
    results.memory.push({ size: s.size, flowc: compileMemory("flowc", s.flowFile), inkjs: compileMemory("inkjs", s.inkFile) });
    const out = join(work, "out");
    results.wholeProcess.push({ size: s.size, ...interleave([
      { name: "flowc", args: [FLOWC_BIN, "build", s.flowFile, "--out-dir", out] },
      { name: "inkjs", args: [INK_BIN, "-o", join(out, `tree-${s.size}.json`), s.inkFile] },
    ], PLAN.processRounds, { warmup }) });
  }

  results.smallCheck = interleave([
    { name: "flowc", args: [FLOWC_BIN, "check", "flows/order-status.flow"], okStatus: [0, 1] },
    { name: "node", args: ["-e", "0"] },
  ], PLAN.smallRuns);
  results.bundle = Object.fromEntries(Object.entries(APPS).map(([name, contents]) => [name, bundleSize(contents)]));
} finally {
  rmSync(work, { recursive: true, force: true });
}
results.loadAfter = machineLoad();
process.stdout.write(`${report(results)}\n`);
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/peers.json"), `${JSON.stringify(results, null, 2)}\n`);

/** Time per choice on the same random walks: (playing every walk − only starting them) ÷ choices, in batches of PLAN.sampleMs. */
function choiceSpeed(s) {
  const walks = generateWalks(s.tree, PLAN.walks);
  const noChoice = [];
  const choices = walks.reduce((n, w) => n + w.length, 0);
  const players = {
    flowc: flowc.player(flowc.compileToJson(s.flow)),
    inkjs: inkjs.player(inkjs.compileToJson(s.ink)),
    xstate: xstate.player(JSON.stringify(toXStateConfig(s.tree))),
  };
  // The comparison is only fair if the three forms mean the same: every walk ends with the same lines.
  for (const walk of walks) {
    const [first, ...others] = Object.values(players).map((p) => JSON.stringify(p.says(p.play(walk))));
    if (first === "null" || others.some((says) => says !== first)) throw new Error(`the tools disagree on walk ${walk}`);
  }
  // Plays every walk, or only starts it (a walk of no choice); the sum read keeps the work from being optimised away.
  const repeat = (p, reps, onlyStarts = false) => {
    let sink = 0;
    for (let r = 0; r < reps; r++) for (let w = 0; w < walks.length; w++) sink += p.read(p.play(onlyStarts ? noChoice : walks[w]));
    return sink;
  };
  const tasks = [];
  const reps = {};
  for (const [name, p] of Object.entries(players)) {
    repeat(p, 1);
    const once = Math.min(...[1, 2, 3].map(() => timeOnce(() => repeat(p, 1)).ms));
    reps[name] = Math.max(1, Math.ceil(PLAN.sampleMs / Math.max(once, 0.01)));
    tasks.push({ name: `${name} starts`, run: () => repeat(p, reps[name], true) });
    tasks.push({ name: `${name} walks`, run: () => repeat(p, reps[name]) });
  }
  const r = interleave(tasks, PLAN.choiceRounds);
  const out = { size: s.size, walks: walks.length, choices, rounds: PLAN.choiceRounds, reps };
  for (const name of Object.keys(players)) {
    const [starts, walked] = [r[`${name} starts`], r[`${name} walks`]];
    const perChoice = (all, startMs) => all.map((ms, i) => ((ms - startMs[i]) * 1000) / (reps[name] * choices));
    out[name] = summarize(perChoice(walked.samples, starts.samples), perChoice(walked.cpu.samples, starts.cpu.samples));
  }
  return out;
}

/** Peak RSS (MB) of one compile in a fresh process, over that of an idle one: a summary of one sample. */
function compileMemory(tool, file) {
  const peak = (mode) => JSON.parse(nodeProcess(["--expose-gc", "bench/lib/memory-child.mjs", tool, file, mode]).stdout).peakKB;
  return summarize([(peak("compile") - peak("idle")) / 1024]);
}

/** One table row per figure: each tool's median (range), then each peer ÷ flowc. */
function report(r) {
  const n = (x) => x.toLocaleString("en");
  const row = (what, size, figures, fmt) => {
    const ratio = (peer) => (figures[peer] === undefined ? "" : fmtRatio(figures[peer].median / figures.flowc.median));
    const cell = (tool) => (figures[tool] === undefined ? "" : fmtSummary(figures[tool], fmt));
    return [what, size ? n(size) : "", cell("flowc"), cell("inkjs"), cell("xstate"), ratio("inkjs"), ratio("xstate")];
  };
  const ch = r.choice;
  const bytes = (name) => summarize([r.bundle[name].gzipped]);
  const peersBundle = { inkjs: bytes("inkjs, Story"), xstate: bytes("xstate, createMachine/createActor") };
  const rows = [
    ...r.wholeProcess.map((c) => row("compile, whole process", c.size, c, fmtMs)),
    ...r.inProcess.map((c) => row("compile, in-process", c.size, c, fmtMs)),
    ...r.memory.map((m) => row("compile, peak memory", m.size, m, fmtMB)),
    row("time per choice", ch.size, ch, fmtUs),
    row("bundle, every export", 0, { flowc: bytes("flowc, every export"), ...peersBundle }, fmtBytes),
    row("bundle, start/choose/result", 0, { flowc: bytes("flowc, start/choose/result"), ...peersBundle }, fmtBytes),
  ];
  const cpu = (figures, fmt) => {
    const f = (t) => figures[t]?.cpu.median;
    return ["flowc", "inkjs", "xstate"].filter(f).map((t) => `${t} ${fmt(f(t))}${t === "flowc" ? "" : ` (${fmtRatio(f(t) / f("flowc"))})`}`).join(", ");
  };
  return [
    `flowc vs inkjs ${r.versions.inkjs} vs XState ${r.versions.xstate} — node ${r.node}, ${r.cpus}${r.quick ? " — QUICK RUN" : ""}`,
    `1-minute load average ${r.loadBefore} before, ${r.loadAfter} after`,
    "",
    table(["what", "questions", "flowc", "inkjs", "XState", "inkjs ÷ flowc", "XState ÷ flowc"], rows),
    "",
    `median (range): whole processes ${PLAN.processRounds} alternating rounds; in-process compile ${PLAN.compileRounds.join(" and ")} rounds;` +
      ` a choice ${ch.rounds} rounds of ${n(ch.walks)} walks (${n(ch.choices)} choices). Peak memory: RSS over an idle process.`,
    "by CPU time (less moved by other work on the machine):",
    ...r.wholeProcess.map((c) => `  compile, whole process, ${n(c.size)}: ${cpu(c, fmtMs)}`),
    ...r.inProcess.map((c) => `  compile, in-process, ${n(c.size)}: ${cpu(c, fmtMs)}`),
    `  time per choice: ${cpu(ch, fmtUs)}`,
    `flowc check of a small file (flows/order-status.flow), whole process: ${fmtSummary(r.smallCheck.flowc)};` +
      ` bare \`node -e 0\`: ${fmtSummary(r.smallCheck.node)}`,
    "every sample: bench/results/peers.json",
  ].join("\n");
}
