/**
 * How `check` scales: generated flows of 1,000, 10,000 and 100,000 questions,
 * timed through the BUILT @flowc/dsl (run `npx tsup` first). Each size is
 * timed for parse alone and for check (parse + every semantic check); the
 * difference is the checker's own time. A linear checker shows a ratio of
 * about 10 between consecutive sizes.
 *
 * Shapes:
 *  - tree:   node i asks a question whose answers jump to nodes 2i+1 and 2i+2
 *            (a balanced tree of questions, shallow paths), plus a finishing answer;
 *  - chain:  node i's question leads to node i+1: one path 100,000 questions deep;
 *  - errors: the chain, with a dead-end answer at every question, so every
 *            question yields a diagnostic with its shortest path.
 *
 *   node bench/check.bench.mjs [--quick]
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const quick = process.argv.includes("--quick");
const dist = fileURLToPath(new URL("../packages/dsl/dist/index.js", import.meta.url));
if (!existsSync(dist)) {
  process.stderr.write("packages/dsl/dist/index.js is missing: run `npx tsup` first\n");
  process.exit(1);
}
const { check, parse } = await import(pathToFileURL(dist).href);

const SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const ROUNDS = quick ? [3, 2] : [7, 5, 3];

function tree(n) {
  const out = [`flow tree "Дерево"\ninput client "Клиент"\n-> n0\n`];
  for (let i = 0; i < n; i++) {
    const l = 2 * i + 1;
    const r = 2 * i + 2;
    out.push(
      `node n${i} {\n  say "{client}, шаг ${i}."\n  ask q${i} "Вопрос ${i}?" {\n` +
        (l < n
          ? `    option left "Налево" -> n${l}\n`
          : `    option left "Налево" { say "Лист ${i}." }\n`) +
        (r < n
          ? `    option right "Направо" -> n${r}\n`
          : `    option right "Направо" { note "Лист." say "Всё." }\n`) +
        `    option done "Готово" { say "Готово." end }\n  }\n}\n`,
    );
  }
  return out.join("");
}

function chain(n, withErrors) {
  const out = [`flow chain\n-> n0\n`];
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `-> n${i + 1}` : `{ say "Последний." }`;
    out.push(
      `node n${i} {\n  ask "Вопрос ${i}?" {\n    option next "Дальше" ${next}\n` +
        `    option stop "Стоп" { say "Стоп ${i}." }\n` +
        (withErrors ? `    option empty "Пусто"\n` : "") +
        `  }\n}\n`,
    );
  }
  return out.join("");
}

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Parse and check timed in alternation, round after round, so that a busy
 * machine disturbs both alike; the checker's own time is the median of the
 * per-round differences. Times are CPU time of this process (user + system,
 * GC threads included): on a machine shared with other work, wall-clock time
 * mostly measures the neighbours. On an idle machine the two agree.
 */
function timeBoth(text, rounds) {
  const parses = [];
  const checks = [];
  const diffs = [];
  for (let i = 0; i < rounds; i++) {
    globalThis.gc?.();
    let t0 = cpuMs();
    parse(text);
    const p = cpuMs() - t0;
    globalThis.gc?.();
    t0 = cpuMs();
    check(text);
    const c = cpuMs() - t0;
    parses.push(p);
    checks.push(c);
    diffs.push(c - p);
  }
  return {
    parseMs: median(parses),
    checkMs: median(checks),
    semanticMs: Math.max(0, median(diffs)),
  };
}

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)).padStart(8);
const shapes = [
  ["tree", (n) => tree(n)],
  ["chain", (n) => chain(n, false)],
  ["errors", (n) => chain(n, true)],
];

const rows = [];
for (const [shape, make] of shapes) {
  let previous = null;
  SIZES.forEach((n, i) => {
    const text = make(n);
    const result = check(text); // also warms up
    const expectErrors = shape === "errors";
    if (result.errors > 0 !== expectErrors) {
      throw new Error(
        `${shape} ${n}: unexpected ${result.errors} errors: ${result.diagnostics[0]?.message}`,
      );
    }
    const { parseMs, checkMs, semanticMs: semantic } = timeBoth(text, ROUNDS[i]);
    const row = {
      shape,
      asks: n,
      kb: Math.round(Buffer.byteLength(text) / 1024),
      diagnostics: result.diagnostics.length,
      parseMs,
      checkMs,
      semanticMs: semantic,
      ratio: previous === null ? null : checkMs / previous.checkMs,
      semanticRatio: previous === null ? null : semantic / Math.max(previous.semanticMs, 0.001),
    };
    rows.push(row);
    previous = row;
  });
}

process.stdout.write(
  "shape    questions      KB  diagnostics  parse ms  check ms  semantic ms  check ×  semantic ×   (CPU ms)\n",
);
for (const r of rows) {
  process.stdout.write(
    `${r.shape.padEnd(8)} ${String(r.asks).padStart(9)} ${String(r.kb).padStart(7)} ${String(r.diagnostics).padStart(12)}` +
      `${fmt(r.parseMs)}  ${fmt(r.checkMs)}  ${fmt(r.semanticMs).padStart(11)}` +
      `  ${r.ratio === null ? "      —" : r.ratio.toFixed(1).padStart(7)}` +
      `  ${r.semanticRatio === null ? "         —" : r.semanticRatio.toFixed(1).padStart(10)}\n`,
  );
}
process.stdout.write("(× = time relative to the size before; 10 means linear)\n");
