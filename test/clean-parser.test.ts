/**
 * The clean-file parser (syntax/clean-parser.ts) is only a shortcut: wherever
 * it answers, the recovering parser must find no syntax-level diagnostic and
 * build the very same AST (same values, same key order). Checked on every
 * fixture, on random valid flows (every construct, odd spacing, comments,
 * escapes, Unicode), on the same flows slightly broken, and on soups of the
 * language's pieces. The other way round, it must answer for every clean
 * file it is meant for, or the shortcut silently stops saving anything.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSource } from "../packages/dsl/src/source.js";
import { parseClean } from "../packages/dsl/src/syntax/clean-parser.js";
import { CHUNK_LEVELS } from "../packages/dsl/src/syntax/limits.js";
import { parseRecovering } from "../packages/dsl/src/syntax/parse.js";

/** The property: no answer, or the recovering parser's answer exactly. */
function agrees(raw: string): boolean {
  const text = createSource("<input>", raw).text;
  const clean = parseClean(text);
  if (clean === null) return false;
  const recovered = parseRecovering(text);
  expect(recovered.diagnostics).toEqual([]);
  expect(JSON.stringify(clean)).toBe(JSON.stringify(recovered.file));
  return true;
}

function flowFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return flowFiles(path);
    return name.endsWith(".flow") ? [path] : [];
  });
}

const root = fileURLToPath(new URL("../", import.meta.url));
const fixtures = [...flowFiles(join(root, "test/fixtures")), ...flowFiles(join(root, "flows"))];

// ---- random flows ---------------------------------------------------------------------

/** What names, text pieces and priorities a generated flow is made of. */
interface Pools {
  readonly name: fc.Arbitrary<string>;
  readonly literal: fc.Arbitrary<string>;
  readonly priority: fc.Arbitrary<string>;
  /** 0 lets an ask have no option (an error). */
  readonly minOptions: number;
}

const goodName = fc.constantFrom("a", "b2", "_x", "имя", "node_1", "start_here", "Ωmega", "𝒜b");
const goodLiteral = fc.constantFrom("Привет", "a b", "", "é", "😀", '\\"', "\\\\", "\\n", "\\t", "\\{", "\\}", "\\u{1F600}", "}", "x y z");
const goodPriority = fc.constantFrom("low", "normal", "high", "urgent");

const VALID: Pools = { name: goodName, literal: goodLiteral, priority: goodPriority, minOptions: 1 };
/** Now and then a mistake only the recovering parser's later stages see (or `start`, fine only after `->`). */
const rarely = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: good, weight: 15 }, { arbitrary: bad, weight: 1 });
const FLAWED: Pools = {
  name: rarely(goodName, fc.constantFrom("1st", "start", "say", "٣x")),
  literal: rarely(goodLiteral, fc.constantFrom("{", "{}", "\\q")),
  priority: rarely(goodPriority, fc.constant("medium")),
  minOptions: 0,
};

const blank = fc.constantFrom(" ", "  ", "\t", "\n", "\r\n", "\n\n  ", "\u00a0", "\u3000", " // note\n", " /* c */ ", "/**/");
const gap = fc.array(blank, { minLength: 1, maxLength: 2 }).map((parts) => parts.join(""));

function flowArb({ name, literal, priority, minOptions }: Pools): fc.Arbitrary<string> {
  const singleText = fc
    .array(fc.oneof(literal, literal, name.map((n) => `{${n}}`)), { maxLength: 4 })
    .map((parts) => `"${parts.join("")}"`);
  const tripleText = fc
    .array(fc.tuple(fc.constantFrom("", "  ", "\t"), literal), { minLength: 1, maxLength: 3 })
    // Nothing but a comment may follow the closing `"""` on its line.
    .map((lines) => `"""\n${lines.map(([indent, text]) => indent + text).join("\n")}\n  """ // end\n`);
  const text = fc.oneof(singleText, singleText, tripleText);

  const prop = fc.oneof(
    fc.tuple(gap, text).map(([g, t]) => `queue${g}${t}`),
    fc.tuple(gap, priority).map(([g, p]) => `priority${g}${p}`),
    fc
      .tuple(fc.constantFrom("field", "attach"), gap, name, gap, text, fc.boolean())
      .map(([k, g1, n, g2, t, r]) => `${k}${g1}${n}${g2}${t}${r ? " required" : ""}`),
  );
  const ticket = fc
    .tuple(fc.option(name, { nil: undefined }), text, fc.option(fc.array(prop, { maxLength: 3 }), { nil: undefined }), gap)
    .map(([id, title, props, g]) => `ticket ${id ?? ""} ${title}${props === undefined ? "" : ` {${g}${props.join(g)}${g}}`}`);

  const statement = (depth: number): fc.Arbitrary<string> => {
    const simple = fc.oneof(
      fc.tuple(fc.constantFrom("say", "note", "todo"), gap, text).map(([k, g, t]) => `${k}${g}${t}`),
      fc.tuple(gap, name).map(([g, n]) => `->${g}${n}`),
      fc.constant("-> start"),
      fc.constant("end"),
      ticket,
    );
    return depth >= 3 ? simple : fc.oneof(simple, simple, ask(depth + 1));
  };
  const ask = (depth: number): fc.Arbitrary<string> => {
    const option = fc
      .tuple(
        fc.option(name, { nil: undefined }),
        text,
        fc.oneof(
          fc.constant(""),
          name.map((n) => ` -> ${n}`),
          fc.array(statement(depth), { maxLength: 3 }).map((body) => ` {\n${body.join("\n")}\n}`),
        ),
      )
      .map(([id, label, rest]) => `option ${id ?? ""} ${label}${rest}`);
    return fc
      .tuple(fc.option(name, { nil: undefined }), text, fc.array(option, { minLength: minOptions, maxLength: 3 }), gap)
      .map(([id, question, options, g]) => `ask ${id ?? ""} ${question} {${g}${options.join(g)}${g}}`);
  };

  return fc
    .tuple(
      name,
      fc.option(text, { nil: undefined }),
      fc.array(fc.tuple(name, fc.option(text, { nil: undefined })), { maxLength: 2 }),
      fc.array(statement(0), { maxLength: 4 }),
      fc.array(fc.tuple(name, fc.array(statement(0), { maxLength: 3 })), { maxLength: 3 }),
      gap,
    )
    .map(([id, title, inputs, entry, nodes, g]) =>
      [
        `${g}flow ${id}${title === undefined ? "" : ` ${title}`}`,
        ...inputs.map(([n, label]) => `input ${n}${label === undefined ? "" : ` ${label}`}`),
        ...entry,
        ...nodes.map(([n, body]) => `node ${n} {${g}${body.join(g)}${g}}`),
        "",
      ].join(g),
    );
}

const validFlow = flowArb(VALID);
const flawedFlow = flowArb(FLAWED);

describe("the clean-file parser", () => {
  it("builds the recovering parser's AST for every fixture it takes, and takes every clean one", () => {
    let taken = 0;
    for (const path of fixtures) {
      const raw = readFileSync(path, "utf8");
      if (agrees(raw)) taken++;
      else {
        const recovered = parseRecovering(createSource(path, raw).text);
        expect(recovered.diagnostics.length, `${path} is clean: the clean parser should take it`).toBeGreaterThan(0);
      }
    }
    expect(taken).toBeGreaterThan(50);
  });

  it("leaves nesting deeper than one chunk to the recovering parser", () => {
    const nested = (levels: number) =>
      `flow f\n${'ask "Q" { option "A" {\n'.repeat(levels)}say "b"\n${"} }\n".repeat(levels)}`;
    expect(agrees(nested(CHUNK_LEVELS))).toBe(true);
    expect(parseClean(nested(CHUNK_LEVELS + 1))).toBeNull();
  });

  it("builds the recovering parser's AST for random valid flows, and takes them all", () => {
    fc.assert(
      fc.property(validFlow, (flow) => {
        expect(agrees(flow)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("takes a random flow exactly when the recovering parser finds nothing in it", () => {
    let taken = 0;
    fc.assert(
      fc.property(flawedFlow, (flow) => {
        const recovered = parseRecovering(createSource("<input>", flow).text);
        const took = agrees(flow);
        expect(took).toBe(recovered.diagnostics.length === 0);
        if (took) taken++;
      }),
      { numRuns: 800 },
    );
    expect(taken).toBeGreaterThan(50);
  });

  it("gives up wherever the recovering parser reports something, on broken flows and soups", () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 6 }), insert: fc.constantFrom("", "{", "}", '"', "->", "ask", "say", "1", "start", "end", "-", "/", "/*", "\\", "\\q", "{x", "\u0000", "\uD800", "#") });
    fc.assert(
      fc.property(flawedFlow, fc.array(edit, { minLength: 1, maxLength: 3 }), (flow, edits) => {
        let text = flow;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        agrees(text);
      }),
      { numRuns: 1500 },
    );
    const piece = fc.constantFrom("flow", "input", "node", "ask", "option", "say", "ticket", "end", "queue", "priority", "field", "required", "start", "low", "x", "{", "}", "->", '"', '"""', "\\", "{x}", "//", "/*", "*/", " ", "\n", "\r", "1");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        agrees(`flow f\n${parts.join(" ")}`);
      }),
      { numRuns: 1500 },
    );
  });
});
