/**
 * @flowc/runtime: what it costs an app, through the BUILT package (run
 * `npx tsup` first).
 *
 *  - size: a tiny app importing the runtime's ESM build, bundled with esbuild
 *    for the browser (minified) and gzipped — once using start/choose/result
 *    (what a UI that plays a flow needs), once using every export. Budget: 2 KB.
 *  - choose: the median time of one choose() (and reading the new session's
 *    outputs, as a UI would) on random walks over generated flows of 1,000 and
 *    100,000 questions. A choice costs what its step emits, so both sizes
 *    should show about the same figure. Measured as this process's CPU time
 *    (user + system), which other busy processes on the machine disturb less
 *    than wall time; wall time is shown beside it.
 *  - first start: validating a definition (once per flow object) and its first step.
 *
 *   node bench/runtime.bench.mjs [--quick]
 */
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const quick = process.argv.includes("--quick");
const dist = fileURLToPath(
  new URL("../packages/runtime/dist/index.js", import.meta.url),
);
if (!existsSync(dist)) {
  process.stderr.write(
    "packages/runtime/dist/index.js is missing: run `npx tsup` first\n",
  );
  process.exit(1);
}
const runtime = await import(pathToFileURL(dist).href);
const { start, choose, result, serialize } = runtime;

// ---- size ----------------------------------------------------------------

const BUDGET = 2048;
const apps = {
  // The same app as the peer comparison (bench/peers/size.mjs): only what
  // the runtime costs, not the app around it.
  "start, choose, result": `import { start, choose, result } from ${JSON.stringify(dist)};
globalThis.play = (flow, inputs, key) => result(choose(start(flow, inputs), key));`,
  "every export": `import * as runtime from ${JSON.stringify(dist)};
window.runtime = runtime;`,
};
let overBudget = false;
for (const [name, contents] of Object.entries(apps)) {
  const out = await build({
    stdin: { contents, loader: "js", resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const code = out.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const over = name !== "every export" && gz >= BUDGET;
  overBudget ||= over;
  console.log(
    `size  ${name.padEnd(22)} ${String(code.length).padStart(6)} B min  ${String(gz).padStart(5)} B min+gzip${over ? "  OVER BUDGET" : ""}`,
  );
}

// ---- choose ----------------------------------------------------------------

/** n questions; each answer says something and leads to a random later or earlier question, or ends. */
function generated(n, seed) {
  let x = seed;
  const rand = (k) => ((x = (x * 1103515245 + 12345) % 2147483648), x % k);
  const blocks = [];
  const asks = [];
  for (let i = 0; i < n; i++) {
    const options = [];
    for (let j = 0; j < 3; j++) {
      blocks.push({
        outputs: [
          { kind: "say", text: ["Шаг ", { input: "name" }, ` ${i}.${j}`] },
          ...(j === 2
            ? [
                {
                  kind: "ticket",
                  id: null,
                  title: "Заявка",
                  priority: "high",
                  fields: [{ id: "c", label: "Комментарий", required: true }],
                  attachments: [],
                },
              ]
            : []),
        ],
        next: rand(20) === 0 ? { end: true } : { ask: rand(n) },
      });
      options.push({
        key: `k${j}`,
        text: `Вариант ${j}`,
        next: { block: blocks.length - 1 },
      });
    }
    asks.push({
      id: `q${i}`,
      text: ["Вопрос ", { input: "name" }, ` ${i}?`],
      options,
    });
  }
  return {
    format: "flowc-definition",
    version: 1,
    id: `gen${n}`,
    title: null,
    hash: String(n),
    inputs: [{ name: "name", label: null }],
    entry: { ask: 0 },
    blocks,
    asks,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const SIZES = quick ? [1_000] : [1_000, 100_000];
const CHOICES = quick ? 20_000 : 200_000;
const ROUNDS = quick ? 3 : 7;
for (const n of SIZES) {
  const flow = generated(n, 42);
  const startCpu = process.cpuUsage();
  let t = performance.now();
  const first = start(flow, { name: "Анна" });
  const firstMs = performance.now() - t;
  const firstCpu = process.cpuUsage(startCpu);
  const perRound = [];
  let seed = 7;
  const rand = (k) => (
    (seed = (seed * 1103515245 + 12345) % 2147483648),
    seed % k
  );
  const wall = [];
  for (let round = 0; round < ROUNDS; round++) {
    let s = first;
    let made = 0;
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    t = performance.now();
    while (made < CHOICES) {
      if (s.status === "done") s = first;
      s = choose(s, rand(3));
      void s.outputs.length;
      made++;
    }
    wall.push(((performance.now() - t) * 1e6) / CHOICES);
    const used = process.cpuUsage(cpu);
    perRound.push(((used.user + used.system) * 1e3) / CHOICES);
  }
  console.log(
    `choose  ${String(n).padStart(7)} asks: median ${median(perRound).toFixed(0).padStart(5)} ns CPU per choose (wall ${median(wall).toFixed(0)} ns)   first start ${((firstCpu.user + firstCpu.system) / 1000).toFixed(1)} ms CPU (wall ${firstMs.toFixed(1)} ms)`,
  );
  // The session stays usable: result and serialize at the end of a long walk.
  let s = first;
  for (let i = 0; i < 1000 && s.status === "asking"; i++) s = choose(s, 0);
  void result(s);
  void serialize(s);
}

if (overBudget) {
  console.error("the runtime is over its size budget");
  process.exit(1);
}
