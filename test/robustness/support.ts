/**
 * Shared by the robustness suite: the seeds (every .flow under test/fixtures),
 * grammar-aware mutations, a generator of hostile but valid flows, the whole
 * pipeline with its invariants, CPU-time measurement for scaling tests, and
 * self-contained bundles of the current sources for child processes.
 */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import {
  type CompileResult,
  compile,
  emitTypeScript,
  findPaths,
  format,
  formatDiagnostic,
  formatPaths,
  KEYWORDS as LANGUAGE_KEYWORDS,
  parse,
  toDot,
  toMermaid,
} from "@flowc/dsl";
import { back, choose, type FlowDefinition, restart, restore, result, serialize, start } from "@flowc/runtime";
import ts from "typescript";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const corpusDir = join(root, "test/fixtures/fuzz-corpus");

export { deep, fuzzRuns, fuzzSeed } from "../fuzz-mode.js";

// ---------------------------------------------------------------------------
// Seeds

function flowFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...flowFilesUnder(full));
    else if (name.endsWith(".flow")) out.push(full);
  }
  return out;
}

/** Every .flow under test/fixtures (the fuzz corpus included), and the real flows. */
export function seedFiles(): { name: string; text: string }[] {
  const files = [...flowFilesUnder(join(root, "test/fixtures")), ...flowFilesUnder(join(root, "flows"))];
  return files.map((f) => ({ name: relative(root, f), text: readFileSync(f, "utf8") }));
}

// ---------------------------------------------------------------------------
// Grammar-aware mutations

/** The keyword table's words (and `start`), and two of `priority`'s. */
const KEYWORDS = [...LANGUAGE_KEYWORDS.map((k) => k.word), "low", "urgent"];
const KEYWORD_RE = new RegExp(
  `\\b(?:${LANGUAGE_KEYWORDS.filter((k) => k.kind !== "reserved-name").map((k) => k.word).join("|")})\\b`,
  "g",
);
/** Names that mean something to JavaScript objects. */
export const PROTO_NAMES = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];
const INSERTS = [
  '"', '"""', "{", "}", "/*", "*/", "//", "->", "\\", "\\u{", "\0", "\uFEFF", "\r\n", "\r", "\uD800", "\uDC00",
  "\u2028", "\u2029", "\u0301", "\u202E", "\t", "{__proto__}", "{constructor}", "-> start", "end", "option",
  "9".repeat(400), "`${x}`", "</script>", "*/ }", "\\\\\"",
];

export type Mutation =
  | { kind: "delete-char"; at: number; char: string }
  | { kind: "swap-keyword"; at: number; word: string }
  | { kind: "insert"; at: number; text: string }
  | { kind: "rename"; at: number; name: string }
  | { kind: "many-options"; at: number; count: number }
  | { kind: "long-line"; at: number; length: number }
  | { kind: "code-unit"; at: number; unit: number }
  | { kind: "crlf" }
  | { kind: "bom" };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete-char" as const), at: fc.nat(), char: fc.constantFrom("{", "}", '"', "-", ">", "/", "*") }),
  fc.record({ kind: fc.constant("swap-keyword" as const), at: fc.nat(), word: fc.constantFrom(...KEYWORDS) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant("rename" as const), at: fc.nat(), name: fc.constantFrom(...PROTO_NAMES, "start") }),
  fc.record({ kind: fc.constant("many-options" as const), at: fc.nat(), count: fc.integer({ min: 2, max: 400 }) }),
  fc.record({ kind: fc.constant("long-line" as const), at: fc.nat(), length: fc.integer({ min: 1_000, max: 30_000 }) }),
  fc.record({ kind: fc.constant("code-unit" as const), at: fc.nat(), unit: fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0, max: 0xffff })) }),
  fc.record({ kind: fc.constant("crlf" as const) }),
  fc.record({ kind: fc.constant("bom" as const) }),
);

/** Applies one mutation; positions are taken modulo what is there, so every mutation applies. */
export function mutate(text: string, m: Mutation): string {
  const pos = (at: number) => (text.length === 0 ? 0 : at % (text.length + 1));
  const insertAt = (at: number, s: string) => text.slice(0, pos(at)) + s + text.slice(pos(at));
  switch (m.kind) {
    case "delete-char": {
      const places: number[] = [];
      for (let i = 0; i < text.length; i++) if (text[i] === m.char) places.push(i);
      if (places.length === 0) return text;
      const i = places[m.at % places.length]!;
      return text.slice(0, i) + text.slice(i + 1);
    }
    case "swap-keyword": {
      const found = [...text.matchAll(KEYWORD_RE)];
      if (found.length === 0) return insertAt(m.at, ` ${m.word} `);
      const x = found[m.at % found.length]!;
      return text.slice(0, x.index) + m.word + text.slice(x.index + x[0].length);
    }
    case "insert":
      return insertAt(m.at, m.text);
    case "rename": {
      // Every occurrence of one declared name, so references follow.
      const found = [...text.matchAll(/(?<=\b(?:node|ask|option|input|field|attach|ticket|flow|->)[ \t]+)[\p{L}_][\p{L}\p{N}_]*/gu)];
      if (found.length === 0) return text;
      const name = found[m.at % found.length]![0];
      return text.split(new RegExp(`(?<![\\p{L}\\p{N}_])${name}(?![\\p{L}\\p{N}_])`, "gu")).join(m.name);
    }
    case "many-options": {
      const lines = text.split("\n");
      const options = lines.flatMap((l, i) => (/\boption\b/.test(l) ? [i] : []));
      const i = options.length > 0 ? options[m.at % options.length]! : m.at % lines.length;
      const line = lines[i]!;
      // Hundreds of copies of a long line that is not an option (a corpus entry
      // holds thousands of errors on one line) make a multi-megabyte file of
      // errors, the scaling suite's job; a few such steps exhausted the heap.
      if (options.length === 0 && line.length > 400) return text;
      const copies = Array.from({ length: m.count }, (_, k) =>
        line.replace(/option([ \t]+)([\p{L}_][\p{L}\p{N}_]*)([ \t]+")/u, (_s, a: string, id: string, b: string) => `option${a}${id}_${k}${b}`),
      );
      lines.splice(i, 1, ...copies);
      return lines.join("\n");
    }
    case "long-line":
      return insertAt(m.at, `say "${"ю x".repeat(Math.ceil(m.length / 3))}"\n`);
    case "code-unit":
      return insertAt(m.at, String.fromCharCode(m.unit));
    case "crlf":
      return text.replace(/\r?\n/g, "\r\n");
    case "bom":
      return `\uFEFF${text}`;
  }
}

/** The language's own pieces and hostile code units, for token soups. */
export const soupPiece = fc.oneof(
  fc.constantFrom(...KEYWORDS, ...INSERTS, ...PROTO_NAMES, "x", "имя", " ", "\n", '"a"', '"{x}"', "input x"),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

// ---------------------------------------------------------------------------
// Hostile but valid flows

/** Characters that break generated code when not escaped, and friends. */
export const HOSTILE_PIECES = [
  "*/", "/*", "`", "${", "${x}", "</script>", "<!--", "-->", "\u2028", "\u2029", '"', "'", "\\", "\\\\", "\\u0000",
  "\0", "\n", "\t", "\r", "\u202E", "\u2066", "\uFEFF", "\u200D", "😀", "\uD800", "\uDFFF", "é", "е\u0301",
  "ё", "Имя", "{", "}", "}}", "__proto__", "constructor", "toString", "//", "#!", "\u0085", "\u00A0", "\u007F",
  "a", " ", "prototype", "__defineGetter__",
];

/** A hostile text (at least one character). */
export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 3 }), fc.string({ unit: "binary", maxLength: 2 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(""));

/**
 * A text as a .flow string literal whose value is exactly `text`: `"`, `\`,
 * braces and line breaks escaped; anything that Unicode normalisation could
 * change (combining marks, most non-ASCII) written as `\u{…}` escapes, which
 * are decoded after normalisation; lone surrogates, which cannot be escaped,
 * raw. U+2028/U+2029, NUL, bidi controls and emoji stay raw on purpose.
 */
export function flowString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (cp > 0xffff) i++;
    if (ch === '"' || ch === "\\" || ch === "{" || ch === "}") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (cp >= 0xd800 && cp <= 0xdfff) out += ch;
    else if (/^[\x20-\x7e\u0410-\u044f\u2028\u2029\0\u202e\u2066\ufeff\u{1F600}]$/u.test(ch)) out += ch;
    else out += `\\u{${cp.toString(16)}}`;
  }
  return `${out}"`;
}

/** Ids a flow may use, JavaScript-hostile ones included. */
export const HOSTILE_IDS = [...PROTO_NAMES, "__defineGetter__", "имя", "x", "_", "ключ_2", "then", "default", "Symbol"];

export interface HostileFlow {
  readonly source: string;
  /** Every text as the author meant it, in the order the definition holds it (for the round trip). */
  readonly title: string;
  readonly texts: readonly string[];
}

/**
 * A valid flow full of hostile texts: a title, inputs with hostile labels
 * used as placeholders, an entry ask whose options have hostile labels (and
 * so hostile keys) and hostile ids, a ticket, and a node with a hostile name.
 */
export const hostileFlowArb: fc.Arbitrary<HostileFlow> = fc
  .record({
    title: hostileText,
    // Not `__proto__`: an input cannot have that name (reserved-word: a host's object literal would lose it).
    inputs: fc.uniqueArray(fc.constantFrom(...HOSTILE_IDS.filter((id) => id !== "__proto__")), { minLength: 1, maxLength: 3 }),
    inputLabels: fc.array(hostileText, { minLength: 3, maxLength: 3 }),
    question: hostileText,
    options: fc.uniqueArray(hostileText, { minLength: 2, maxLength: 4, selector: (s) => s.normalize("NFC") }),
    says: fc.array(hostileText, { minLength: 2, maxLength: 4 }),
    ticket: fc.tuple(hostileText, hostileText, hostileText),
    nodeName: fc.constantFrom(...HOSTILE_IDS),
    askId: fc.constantFrom(...HOSTILE_IDS),
  })
  .map((r) => {
    const placeholders = r.inputs.map((i) => `{${i}}`).join(" ");
    const lines = [`flow f ${flowString(r.title)}`];
    r.inputs.forEach((name, i) => lines.push(`input ${name} ${flowString(r.inputLabels[i]!)}`));
    lines.push(`say ${flowString(r.says[0]!).slice(0, -1)} ${placeholders}"`);
    lines.push(`ask ${r.askId} ${flowString(r.question)} {`);
    r.options.forEach((label, i) =>
      lines.push(i === 0 ? `  option ${flowString(label)} -> ${r.nodeName}` : `  option ${flowString(label)} { say ${flowString(r.says[i % r.says.length]!)} }`),
    );
    lines.push("}");
    lines.push(`ticket ${flowString(r.ticket[0])} {`, `  queue ${flowString(r.ticket[1])}`, `  field f ${flowString(r.ticket[2])} required`, "}");
    lines.push(`node ${r.nodeName} {`, `  say ${flowString(r.says[1]!)}`, "}");
    const texts = [r.title, r.question, ...r.options, ...r.says, ...r.ticket, ...r.inputLabels.slice(0, r.inputs.length)];
    return { source: `${lines.join("\n")}\n`, title: r.title, texts };
  });

// ---------------------------------------------------------------------------
// The whole pipeline, with its invariants

export interface PipelineOptions {
  /** Choices to make on the random walk (0-based indices, taken modulo the options). */
  readonly walk?: readonly number[];
  /** Also typecheck-lite the emitted module (a syntax check by the TypeScript transpiler). */
  readonly parseEmitted?: boolean;
}

function inside(span: { start: number; end: number }, length: number): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length;
}

/** Inputs for start(): hostile values, one per declared input. */
function hostileInputs(definition: FlowDefinition): Record<string, string> {
  const values = ["{x}", "__proto__", "\u2028", "</script>", "${1}", "Иван"];
  // A choice input takes one of its own values (any other is invalid-input, tested in runtime-match):
  // the last one, which the text inputs' values do not hint at.
  return Object.fromEntries(
    definition.inputs.map((input, i) => [input.name, input.values?.at(-1)?.id ?? values[i % values.length]!]),
  );
}

/**
 * parse → check → compile → format → diagrams → paths → emitTypeScript →
 * runtime random walk, asserting on the way: nothing throws, every span is in
 * the text, diagnostics come sorted with messages, errors ⇔ no definition,
 * formatting is idempotent and keeps the meaning, and a clean flow plays.
 * Throws (with the stage named) on the first broken invariant.
 */
export function runPipeline(text: string, options: PipelineOptions = {}): CompileResult {
  const stage = <T>(name: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      const e = error as Error;
      e.message = `[${name}] ${e.message}`;
      throw e;
    }
  };
  const parsed = stage("parse", () => parse(text, "fuzz.flow"));
  const length = parsed.source.text.length;
  const compiled = stage("compile", () => compile(text, "fuzz.flow"));
  stage("diagnostics", () => {
    let last = -1;
    for (const d of compiled.diagnostics) {
      if (!inside(d.span, length)) throw new Error(`span outside the text: ${JSON.stringify(d)}`);
      for (const r of d.related) if (!inside(r.span, length)) throw new Error(`related span outside the text: ${JSON.stringify(d)}`);
      if (d.message.trim() === "") throw new Error(`empty message: ${JSON.stringify(d)}`);
      if (d.span.start < last) throw new Error("diagnostics out of order");
      last = d.span.start;
    }
    if ((compiled.errors === 0) !== (compiled.definition !== null)) throw new Error("errors and definition disagree");
    // Rendering every diagnostic of a big broken file is the scaling test's job.
    for (const d of compiled.diagnostics.slice(0, 40)) formatDiagnostic(d, compiled.source, { color: true, context: 1 });
  });
  stage("format", () => {
    const formatted = format(text, "fuzz.flow");
    const syntaxErrors = parsed.diagnostics.some((d) => d.severity === "error");
    if ((formatted.text === null) !== syntaxErrors) throw new Error("formatted although broken, or refused although fine");
    if (formatted.text === null) return;
    const again = format(formatted.text, "fuzz.flow");
    if (again.text !== formatted.text) throw new Error("formatting twice changes the text");
    const recompiled = compile(formatted.text, "fuzz.flow");
    if (JSON.stringify(recompiled.definition) !== JSON.stringify(compiled.definition)) throw new Error("formatting changed the definition");
    const codes = (r: CompileResult) => r.diagnostics.map((d) => d.code).join(",");
    if (codes(recompiled) !== codes(compiled)) throw new Error(`formatting changed the diagnostics: ${codes(compiled)} → ${codes(recompiled)}`);
  });
  stage("graph", () => {
    toMermaid(compiled);
    toDot(compiled);
  });
  stage("paths", () => {
    const list = findPaths(compiled, { maxPaths: 50, maxItems: 2_000 });
    formatPaths(list, "text");
    formatPaths(list, "md");
  });
  const definition = compiled.definition;
  if (definition === null) return compiled;
  stage("emit", () => {
    const json = JSON.stringify(definition);
    if (JSON.stringify(JSON.parse(json)) !== json) throw new Error("the definition is not plain JSON");
    const code = emitTypeScript(definition, { sourceName: "fuzz.flow" });
    if (options.parseEmitted) {
      const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
      if ((out.diagnostics ?? []).length > 0) throw new Error(`emitted TypeScript does not parse: ${ts.flattenDiagnosticMessageText(out.diagnostics![0]!.messageText, "\n")}`);
    }
  });
  stage("runtime", () => {
    let s = start(definition, hostileInputs(definition));
    if (s.status === "done" && s.outputs.length === 0) throw new Error("a clean flow finished with no output");
    for (const pick of options.walk ?? [0, 1, 2]) {
      if (s.status !== "asking") break;
      const before = s.outputs.length;
      s = choose(s, pick % s.ask.options.length);
      // No dead-end: a step that finishes emits something.
      if (s.status === "done" && s.outputs.length === before) throw new Error("a choice finished the flow with no output");
      const restored = restore(definition, JSON.parse(JSON.stringify(serialize(s))));
      if (JSON.stringify(restored) !== JSON.stringify(s)) throw new Error("restore(serialize(s)) differs from s");
    }
    result(s);
    back(s);
    restart(s);
  });
  return compiled;
}

// ---------------------------------------------------------------------------
// Failures become regression fixtures

/** Saves a failing input as test/fixtures/fuzz-corpus/found-<hash>.flow and returns its path. */
export function saveToCorpus(text: string): string {
  mkdirSync(corpusDir, { recursive: true });
  const name = `found-${createHash("sha256").update(text).digest("hex").slice(0, 12)}.flow`;
  const file = join(corpusDir, name);
  writeFileSync(file, text);
  return file;
}

// ---------------------------------------------------------------------------
// Cost, measured as this process's CPU time (less disturbed by other
// processes on a loaded machine than wall-clock time)

export function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * How much more `work` costs on an input `factor` times bigger. Each size is
 * measured `runs` times, interleaved, after a warm-up, and the fastest run
 * counts (noise from other processes only ever adds time). Linear work gives
 * about `factor`, quadratic work `factor²`. When one go at the smaller size
 * costs less than `minMs`, each measurement repeats the work (the same number
 * of times at both sizes) so that timer noise does not decide.
 */
export function growth(
  make: (n: number) => string,
  work: (input: string) => void,
  n: number,
  factor = 4,
  runs = 2,
  minMs = 8,
): { ratio: number; small: number; big: number; reps: number } {
  const a = make(n);
  const b = make(n * factor);
  work(a);
  work(b);
  let reps = 1;
  const measure = (input: string) =>
    cpuMs(() => {
      for (let i = 0; i < reps; i++) work(input);
    });
  while (reps < 64 && Math.min(measure(a), measure(a)) < minMs) reps *= 2;
  const small: number[] = [];
  const big: number[] = [];
  for (let i = 0; i < runs; i++) {
    small.push(measure(a));
    big.push(measure(b));
  }
  const s = Math.max(Math.min(...small), 0.5);
  const l = Math.min(...big);
  return { ratio: l / s, small: s, big: l, reps };
}

// ---------------------------------------------------------------------------
// Child processes over the current sources

/** A fresh folder under the system temp folder that a non-root user can enter. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `flowc-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * Bundles entry points of the current sources (with chevrotain, commander and
 * everything else inlined) into `dir`, so a child `node` runs exactly the code
 * under test, whatever state packages/*\/dist is in.
 */
export async function bundle(dir: string, entries: Record<string, string>): Promise<void> {
  const { build } = await import("esbuild");
  await build({
    entryPoints: entries,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    alias: {
      "@flowc/runtime": join(root, "packages/runtime/src/index.ts"),
      "@flowc/dsl/service": join(root, "packages/dsl/src/service/index.ts"),
      "@flowc/dsl": join(root, "packages/dsl/src/index.ts"),
      "@flowc/language-server": join(root, "packages/language-server/src/index.ts"),
      "@flowc/cli": join(root, "packages/cli/src/index.ts"),
    },
    // Some bundled CommonJS dependencies call require().
    banner: { js: "import { createRequire as __flowcRequire } from 'node:module'; const require = __flowcRequire(import.meta.url);" },
    logLevel: "error",
  });
  for (const name of Object.keys(entries)) chmodSync(join(dir, `${name}.mjs`), 0o644);
}
