/**
 * One huge flow, checked and built (compile + emitTypeScript) and played in
 * a process of its own, so its peak memory can be measured: huge.test.ts
 * bundles this file with the current sources and runs it as
 * `node huge-runner.mjs <case> <n> [--format]`. Prints one line of JSON.
 * Node's default stack size is left as it is: nothing here may recurse per
 * statement or per level.
 */
import { compile, emitTypeScript, format } from "@flowc/dsl";
import { choose, type Session, start } from "@flowc/runtime";

const repeat = (n: number, line: (i: number) => string): string => {
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = line(i);
  return parts.join("");
};

/** Each case: the flow text for size `n`, and the option to pick at every question. */
const CASES: Record<string, (n: number) => string> = {
  asks: (n) => `flow f\n${repeat(n, (i) => `ask q${i} "Вопрос ${i}" {\n  option a "Да" { say "Ответ ${i}" }\n  option b "Нет"\n}\n`)}say "Конец"\n`,
  "say-jumps": (n) => `flow f\nsay "s"\n-> n0\n${repeat(n, (i) => `node n${i} {\n  say "x"\n  -> n${i + 1}\n}\n`)}node n${n} { say "end" }\n`,
  "pure-jumps": (n) => `flow f\nsay "s"\n-> n0\n${repeat(n, (i) => `node n${i} { -> n${i + 1} }\n`)}node n${n} { say "end" }\n`,
  nesting: (n) =>
    `flow f\n${repeat(n, (i) => `ask q${i} "Q${i}" {\n option back "Back" -> start\n option deeper "Deeper" {\n`)}say "bottom"\n${"} }\n".repeat(n)}`,
  "nesting-unclosed": (n) => `flow f\n${'ask "Q" { option "A" {\n'.repeat(n)}say "bottom"\n`,
  options: (n) => `flow f\nask q "Q" {\n${repeat(n, (i) => `  option o${i} "Вариант ${i}" { say "Ответ ${i}" }\n`)}}\n`,
  // n bytes of UTF-8 in one text (half ASCII, half two-byte Cyrillic).
  text: (n) => `flow f\nsay "${"ab юя ".repeat(Math.ceil(n / 8))}"\n`,
};

const [name = "", size = "0", ...flags] = process.argv.slice(2);
const make = CASES[name];
if (make === undefined) throw new Error(`unknown case ${name}`);
const n = Number(size);
const text = make(n);

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const value = fn();
  return [value, Math.round(performance.now() - t)];
};

const [compiled, compileMs] = time(() => compile(text, `${name}.flow`));
const [code, emitMs] = time(() => (compiled.definition ? emitTypeScript(compiled.definition, { sourceName: `${name}.flow` }) : ""));
const [steps, runMs] = time(() => {
  if (!compiled.definition) return 0;
  // Play the last option everywhere (the deepest way), at most 2,000 questions.
  let s: Session = start(compiled.definition);
  let k = 0;
  for (; s.status === "asking" && k < 2_000; k++) s = choose(s as never, s.ask.options.length - 1);
  return k;
});
const [formatted, formatMs] = flags.includes("--format") ? time(() => format(text, `${name}.flow`).text !== null) : [null, 0];

const codes: Record<string, number> = {};
for (const d of compiled.diagnostics) codes[d.code] = (codes[d.code] ?? 0) + 1;
console.log(
  JSON.stringify({
    name,
    n,
    sourceBytes: Buffer.byteLength(text),
    codes,
    errors: compiled.errors,
    built: compiled.definition !== null,
    emittedBytes: Buffer.byteLength(code),
    steps,
    formatted,
    ms: { compile: compileMs, emit: emitMs, run: runMs, format: formatMs },
    // Kilobytes on Linux: the peak resident memory of this whole process.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
