/**
 * Properties of the front end: `parse` never throws, whatever the input
 * (arbitrary Unicode, lone surrogates, NUL, valid flows with random tokens
 * deleted, duplicated or swapped); every span it returns lies inside the
 * text; diagnostics come in source order; and nesting works to 200 levels
 * (LANGUAGE.md v2) and is a single `too-deep` error beyond.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { type FlowFile, KEYWORDS, parse, type ParseResult } from "@flowc/dsl";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("./fixtures/syntax/", import.meta.url));
/** The valid fixtures (an empty .expected), as seeds for mutation. */
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith(".flow") && !f.startsWith("too-deep"))
  .filter((f) => readFileSync(`${dir}${f.slice(0, -5)}.expected`, "utf8").trim() === "")
  .map((f) => readFileSync(`${dir}${f}`, "utf8"));

/** Every span in the AST, found without recursion (the AST may be hundreds of levels deep). */
function allSpans(file: FlowFile): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const stack: unknown[] = [file];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === "span") spans.push(v as { start: number; end: number });
      else stack.push(v);
    }
  }
  return spans;
}

function checkResult(result: ParseResult): void {
  const length = result.source.text.length;
  const inside = (s: { start: number; end: number }) =>
    Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= length;
  for (const d of result.diagnostics) {
    if (!inside(d.span)) throw new Error(`diagnostic span out of the text: ${JSON.stringify(d)}`);
    if (d.message.length === 0) throw new Error("empty message");
  }
  for (const s of allSpans(result.file)) {
    if (!inside(s)) throw new Error(`AST span out of the text: ${JSON.stringify(s)} (length ${length})`);
  }
  const starts = result.diagnostics.map((d) => d.span.start);
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! < starts[i - 1]!) throw new Error("diagnostics out of order");
  }
}

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Pieces that make the parser work: the keyword table's words, braces, quotes, escapes, comments. */
const piece = fc.constantFrom(
  ...KEYWORDS.map((k) => k.word),
  "low", "x", "имя", "{", "}", "->", '"',
  '"""', "\\", "\\u{", "{x}", "//", "/*", "*/", " ", "\n", "\r\n", "\t", "й", "\u0306", "1",
);

describe("parse never throws", () => {
  it("on arbitrary strings of code units (lone surrogates, NUL)", () => {
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, maxLength: 300 }), (text) => checkResult(parse(text))),
      { numRuns: 400 },
    );
  });

  it("on arbitrary full-Unicode strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => checkResult(parse(text))),
      { numRuns: 200 },
    );
  });

  it("on soups of the language's own pieces", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, piece, codeUnit), { maxLength: 200 }), (parts) =>
        checkResult(parse(parts.join(""))),
      ),
      { numRuns: 600 },
    );
  });

  it("on valid flows with tokens deleted, duplicated, swapped or replaced", () => {
    const tokenize = (text: string): string[] => [
      ...(text.match(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[\p{L}\p{N}_]+|->|\s+|./gsu) ?? []),
    ];
    const edit = fc.record({
      kind: fc.constantFrom("delete", "duplicate", "swap", "replace", "char"),
      at: fc.nat(),
      other: fc.nat(),
      with: piece,
    });
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }), (seed, edits) => {
        let tokens = tokenize(seed);
        for (const e of edits) {
          if (tokens.length === 0) break;
          const i = e.at % tokens.length;
          const j = e.other % tokens.length;
          if (e.kind === "delete") tokens.splice(i, 1);
          else if (e.kind === "duplicate") tokens.splice(i, 0, tokens[i]!);
          else if (e.kind === "swap") [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
          else if (e.kind === "replace") tokens[i] = e.with;
          else {
            // Delete one character inside a token (splits strings, escapes, surrogate pairs).
            const t = tokens[i]!;
            const k = e.other % Math.max(1, t.length);
            tokens[i] = t.slice(0, k) + t.slice(k + 1);
          }
        }
        tokens = tokens.filter((t) => t !== undefined);
        checkResult(parse(tokens.join("")));
      }),
      { numRuns: 1500 },
    );
  });

  it("on a large random input", () => {
    const random = fc.sample(fc.string({ unit: codeUnit, minLength: 200_000, maxLength: 200_000 }), { numRuns: 1, seed: 7 })[0]!;
    checkResult(parse(random));
    const soup = fc.sample(fc.array(piece, { minLength: 100_000, maxLength: 100_000 }), { numRuns: 1, seed: 11 })[0]!;
    checkResult(parse(soup.join("")));
  });

  it("gives the same result twice (the shared lexer and parser keep no state)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, codeUnit), { maxLength: 100 }), (parts) => {
        const text = parts.join("");
        const strip = (r: ParseResult) => JSON.stringify({ d: r.diagnostics, f: r.file });
        const first = strip(parse(text));
        parse('flow other\nsay "{x"\nnode n { ask "q" {'); // something else in between
        expect(strip(parse(text))).toBe(first);
      }),
      { numRuns: 200 },
    );
  });
});

describe("nesting", () => {
  /** `levels` levels, in various shapes: in the entry or a node, with or without ids and siblings. */
  const nested = (levels: number, inNode: boolean, ids: boolean, siblings: boolean) => {
    const open = (i: number) =>
      (ids ? `ask q${i} "Q" {\n` : 'ask "Q" {\n') +
      (siblings ? '  option "jump" -> start\n' : "") +
      (ids ? `  option o${i} "A" {\n` : '  option "A" {\n');
    let text = "flow deep\n" + (inNode ? "-> n\nnode n {\n" : "");
    for (let i = 0; i < levels; i++) text += open(i);
    text += 'say "bottom"\n' + "} }\n".repeat(levels);
    return text + (inNode ? "}\n" : "");
  };

  it("parses 200 levels without a diagnostic", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (inNode, ids, siblings) => {
        const result = parse(nested(200, inNode, ids, siblings));
        expect(result.diagnostics).toEqual([]);
        checkResult(result);
      }),
      { numRuns: 4 },
    );
  });

  it("gives exactly one too-deep error beyond 200 levels, and never overflows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 201, max: 1400 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (levels, inNode, ids, siblings) => {
          const result = parse(nested(levels, inNode, ids, siblings));
          expect(result.diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
          checkResult(result);
        },
      ),
      { numRuns: 4 },
    );
  });

  it("survives very deep nesting, closed or not", () => {
    for (const text of [
      nested(5_000, true, false, false),
      "flow f\n" + 'ask "q" { option "a" {\n'.repeat(5_000),
      "flow f\n" + 'ask "q" option "a" {\n'.repeat(5_000),
      "flow f\n" + "{".repeat(50_000) + "}".repeat(50_000),
      "flow f\n" + 'option "a" {'.repeat(20_000),
    ]) {
      const result = parse(text);
      checkResult(result);
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });
});

describe("one-line texts", () => {
  /** The text as written for `content`: what must be escaped is; a lone `}` stays bare. */
  const written = (content: string) =>
    content.replace(/[\\"{\n\t]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\${c}`));

  it("decode back to exactly what was escaped, plain or not", () => {
    // Plain texts (no escape, no brace) take a faster way than the rest; both must agree.
    const char = fc.constantFrom("a", "Z", "я", "Ё", " ", "…", "\u00a0", '"', "\\", "{", "}", "\n", "\t");
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((cs) => cs.join("")), (content) => {
        const body = written(content);
        const text = `flow f\nsay "${body}"\n`;
        const result = parse(text);
        expect(result.diagnostics).toEqual([]);
        const say = result.file.entry[0]!;
        if (say.kind !== "Say") throw new Error(`expected a say, got ${say.kind}`);
        const open = text.indexOf('"');
        expect(say.text.span).toEqual({ start: open, end: open + body.length + 2 });
        expect(say.text.raw).toBe(content.replace(/\{/g, "\\{"));
        expect(say.text.parts).toEqual(
          content === ""
            ? []
            : [{ kind: "Literal", value: content, span: { start: open + 1, end: open + 1 + body.length } }],
        );
      }),
      { numRuns: 500 },
    );
  });
});
