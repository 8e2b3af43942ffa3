/**
 * Lex + parse throughput of the front end: a generated flow of 5 MB (many
 * nodes, asks, options with nested bodies, tickets, says with placeholders,
 * block texts and comments, all with Russian text), parsed through the BUILT
 * @flowc/dsl (run `npx tsup` first) with `parse()` (lex, parse, build the
 * AST, decode texts). Prints the median of several runs in MB of UTF-8
 * source per second, by wall-clock time and by CPU time (the latter is
 * steadier on a busy machine).
 *
 *   node bench/parse.bench.mjs [--quick]
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const quick = process.argv.includes("--quick");
const dist = fileURLToPath(new URL("../packages/dsl/dist/index.js", import.meta.url));
if (!existsSync(dist)) {
  process.stderr.write("packages/dsl/dist/index.js is missing: run `npx tsup` first\n");
  process.exit(1);
}
const { parse } = await import(pathToFileURL(dist).href);

const WORDS = [
  "клиент", "заказ", "упаковка", "статус", "доставка", "курьер", "пункт", "выдачи", "отменён",
  "выполнен", "получил", "заявку", "скриншот", "комментарий", "коллегам", "изменится", "ближайшие",
  "дня", "личном", "кабинете", "способ", "оформлен", "физ.лицо", "юр.лицо", "почта", "России",
];

function sentence(i, n) {
  const out = [];
  for (let k = 0; k < n; k++) out.push(WORDS[(i * 7 + k * 13) % WORDS.length]);
  const s = out.join(" ");
  return s[0].toUpperCase() + s.slice(1) + ".";
}

/** A flow of at least `bytes` UTF-8 bytes. */
function generateFlow(bytes) {
  const parts = [
    "// Generated for benchmarks.\n",
    'flow bench "Сгенерированный поток"\n\n',
    'input client_name "Имя клиента"\n\n',
    'ask situation "Выберите ситуацию" {\n',
    '  option first "Первая" -> node_0\n',
    "}\n\n",
  ];
  let size = Buffer.byteLength(parts.join(""));
  for (let i = 0; size < bytes; i++) {
    const node = `node node_${i} {
  note "${sentence(i, 8)}"
  ask q_${i} "${sentence(i + 1, 5)}?" {
    option a_${i} "${sentence(i + 2, 4)}" -> node_${i + 1}
    option b_${i} "${sentence(i + 3, 4)}" {
      say "{client_name}, ${sentence(i + 4, 12)}"
      ticket t_${i} "${sentence(i + 5, 5)}" {
        queue "WCRM"
        priority high
        field comment "Комментарий" required
        attach screenshot "Скриншот" required
      }
      /* a block comment */
      ask "${sentence(i + 6, 6)}?" {
        option "${sentence(i + 7, 3)}" { say "${sentence(i + 8, 10)}" }
        option "${sentence(i + 9, 3)}" -> start
      }
    }
    option c_${i} "${sentence(i + 10, 4)}"
  }
  say """
    ${sentence(i + 11, 10)}
      ${sentence(i + 12, 10)}
    """
  // the end of node ${i}
  end
}

`;
    parts.push(node);
    size += Buffer.byteLength(node);
  }
  return parts.join("");
}

const SIZE_MB = 5;
const RUNS = quick ? 3 : 7;
const text = generateFlow(SIZE_MB * 1024 * 1024);
const mb = Buffer.byteLength(text) / (1024 * 1024);

// One untimed run: builds the lexer and parser and warms the JIT.
const warm = parse(text);
if (warm.diagnostics.length > 0) {
  process.stderr.write(`the generated flow has ${warm.diagnostics.length} syntax diagnostics: ${warm.diagnostics[0].message}\n`);
  process.exit(1);
}

const wall = [];
const cpu = [];
for (let i = 0; i < RUNS; i++) {
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  parse(text);
  wall.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const w = median(wall);
const c = median(cpu);
console.log(`parse: ${mb.toFixed(2)} MB, ${warm.file.nodes.length} nodes, ${text.split("\n").length} lines, median of ${RUNS} runs`);
console.log(`  wall: ${w.toFixed(0)} ms  → ${(mb / (w / 1000)).toFixed(1)} MB/s`);
console.log(`  cpu:  ${c.toFixed(0)} ms  → ${(mb / (c / 1000)).toFixed(1)} MB/s`);
