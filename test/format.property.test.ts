import { compile, format, parse } from "@flowc/dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentTexts, meaning } from "./format.helpers.js";

/**
 * Random flows written in random styles: the tokens of a valid flow with
 * random whitespace and comments between them. Formatting must keep every
 * comment and the meaning, and a second run must change nothing.
 */

type Tok = string;

const ids = ["a", "b", "имя", "node_1", "x9", "_u"];
const nodeIds = ["n1", "n2", "узел"];
const inputIds = ["client", "имя_клиента", "order"];
const valueIds = ["person", "company", "юрлицо", "v_2"];

const plainStrings = [
  '"Hello"',
  '"Привет, {client}"',
  '"Кавычки \\"внутри\\" и \\\\ слеш"',
  '"Tab\\there\\nnew line"',
  '"Literal \\{brace\\} and } alone"',
  '"Emoji \\u{1F600} 😀"',
  '""',
  '"  spaces kept  "',
  '"// not a comment /* either */"',
];

/** `"""` texts: content lines with random (consistent or mixed) indentation. */
const tripleString: fc.Arbitrary<Tok> = fc
  .tuple(
    fc.array(
      fc.tuple(fc.constantFrom("", " ", "  ", "    ", "\t"), fc.constantFrom("line", "Строка {client}", "", "  indented", "a \\\"q\\\"")),
      { minLength: 0, maxLength: 4 },
    ),
    fc.constantFrom("", "  ", "      "),
    fc.constantFrom("", "  ", "    "),
  )
  .map(([lines, base, closing]) =>
    ['"""', ...lines.map(([ind, text]) => (text === "" ? "" : base + ind + text)), closing + '"""'].join(
      "\n",
    ),
  );

const text: fc.Arbitrary<Tok> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...plainStrings) },
  { weight: 1, arbitrary: tripleString },
);

const maybe = <T,>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? [] : [v]));

const target = fc.constantFrom(...nodeIds, "start");

const ticketProp: fc.Arbitrary<Tok[]> = fc.oneof(
  text.map((t) => ["queue", t]),
  fc.constantFrom("low", "normal", "high", "urgent").map((p) => ["priority", p]),
  fc
    .tuple(fc.constantFrom("field", "attach"), fc.constantFrom(...ids), text, fc.boolean())
    .map(([k, id, label, req]) => [k, id, label, ...(req ? ["required"] : [])]),
);

const ticket: fc.Arbitrary<Tok[]> = fc
  .tuple(maybe(fc.constantFrom(...ids)), text, fc.option(fc.array(ticketProp, { maxLength: 3 })))
  .map(([id, title, props]) => [
    "ticket",
    ...id,
    title,
    ...(props === null ? [] : ["{", ...props.flat(), "}"]),
  ]);

const simple: fc.Arbitrary<Tok[]> = fc.oneof(
  fc.tuple(fc.constantFrom("say", "note", "todo"), text).map(([k, t]) => [k, t]),
  target.map((t) => ["->", t]),
  fc.constant<Tok[]>(["end"]),
  ticket,
);

function statements(depth: number): fc.Arbitrary<Tok[]> {
  const stmt: fc.Arbitrary<Tok[]> =
    depth <= 0
      ? simple
      : fc.oneof(
          { weight: 3, arbitrary: simple },
          { weight: 1, arbitrary: ask(depth) },
          { weight: 1, arbitrary: match(depth) },
        );
  return fc.array(stmt, { maxLength: 3 }).map((list) => list.flat());
}

/** What follows an option's label or a case's values: a target, a body or (options only) nothing. */
function branch(depth: number): fc.Arbitrary<Tok[]> {
  return fc.oneof(
    target.map((t) => ["->", t]),
    statements(depth - 1).map((body) => ["{", ...body, "}"]),
  );
}

/** `match input { case a, b … else … }` (the values need not be the input's: only the syntax matters here). */
function match(depth: number): fc.Arbitrary<Tok[]> {
  const arm = fc
    .tuple(fc.uniqueArray(fc.constantFrom(...valueIds), { minLength: 1, maxLength: 3 }), branch(depth))
    .map(([values, rest]) => ["case", ...values.flatMap((v, i) => (i === 0 ? [v] : [",", v])), ...rest]);
  return fc
    .tuple(
      fc.constantFrom(...inputIds),
      fc.array(arm, { minLength: 1, maxLength: 3 }),
      fc.option(branch(depth).map((rest) => ["else", ...rest])),
    )
    .map(([input, cases, otherwise]) => ["match", input, "{", ...cases.flat(), ...(otherwise ?? []), "}"]);
}

/** `input name ["Label"] [{ value id ["Label"] … }]`. */
const input: fc.Arbitrary<Tok[]> = fc
  .tuple(
    fc.constantFrom(...inputIds),
    maybe(text),
    fc.option(fc.array(fc.tuple(fc.constantFrom(...valueIds), maybe(text)), { minLength: 1, maxLength: 3 })),
  )
  .map(([name, label, values]) => [
    "input",
    name,
    ...label,
    ...(values === null ? [] : ["{", ...values.flatMap(([id, l]) => ["value", id, ...l]), "}"]),
  ]);

function ask(depth: number): fc.Arbitrary<Tok[]> {
  const option = fc
    .tuple(
      maybe(fc.constantFrom(...ids)),
      text,
      fc.oneof(
        fc.constant<Tok[]>([]),
        target.map((t) => ["->", t]),
        statements(depth - 1).map((body) => ["{", ...body, "}"]),
      ),
    )
    .map(([id, label, rest]) => ["option", ...id, label, ...rest]);
  return fc
    .tuple(maybe(fc.constantFrom(...ids)), text, fc.array(option, { minLength: 1, maxLength: 3 }))
    .map(([id, t, options]) => ["ask", ...id, t, "{", ...options.flat(), "}"]);
}

const flowTokens: fc.Arbitrary<Tok[]> = fc
  .tuple(
    fc.constantFrom("demo", "заказ"),
    maybe(text),
    fc.array(input, { maxLength: 3 }),
    statements(3),
    fc.array(fc.tuple(fc.constantFrom(...nodeIds), statements(2)), { maxLength: 3 }),
  )
  .map(([id, title, inputs, entry, nodes]) => [
    "flow",
    id,
    ...title,
    ...inputs.flat(),
    ...entry,
    ...nodes.flatMap(([name, body]) => ["node", name, "{", ...body, "}"]),
  ]);

/** What may separate two tokens; every choice contains whitespace or a block comment. */
const trivia = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(" ", "\n", "  ", "\n  ") },
  { weight: 2, arbitrary: fc.constantFrom("\n\n\n", "\t", "\r\n", " \n \n ") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      " /* note */ ",
      "/*x*/",
      " /* мульти\n   строчный */ ",
      " // line comment\n",
      "\n  // own line\n",
      "\n\n// after a blank\n\n",
      " //\n",
      "\n/* a */ /* b */ // c\n",
      " /** doc * star */\n",
    ),
  },
);

/** Joins tokens with trivia; the line of a closing `"""` may only go on with a comment. */
function render(tokens: readonly Tok[], gaps: readonly string[]): string {
  let out = gaps[0]!;
  for (let i = 0; i < tokens.length; i++) {
    let gap = i === 0 ? "" : gaps[i]!;
    if (tokens[i - 1]?.startsWith('"""') && !/[\r\n]/.test(gap)) gap += "\n";
    out += gap + tokens[i]!;
  }
  return out + gaps[tokens.length]!;
}

const flowText: fc.Arbitrary<string> = flowTokens.chain((tokens) =>
  fc
    .array(trivia, { minLength: tokens.length + 1, maxLength: tokens.length + 1 })
    .map((gaps) => render(tokens, gaps)),
);

/**
 * Flows that check clean (every option leads to a `say`), with a choice
 * input and a match, so the compiled definitions compared below are real
 * ones, not null.
 */
function cleanBlock(depth: number): fc.Arbitrary<Tok[]> {
  const say = fc.tuple(fc.constantFrom("say", "note"), text).map(([k, t]) => (k === "say" ? [k, t] : [k, t, "say", '"ok"']));
  if (depth <= 0) return say;
  const option = fc.oneof(
    fc.constantFrom(["->", "n1"], ["->", "n2"]),
    cleanBlock(depth - 1).map((body) => ["{", ...body, "}"]),
  );
  return fc
    .tuple(say, fc.option(fc.array(fc.tuple(text, option), { minLength: 2, maxLength: 3 })))
    .map(([first, options]) => [
      ...first,
      ...(options === null
        ? []
        : ["ask", '"Which?"', "{", ...options.flatMap(([label, rest], i) => ["option", `o${i}`, label, ...rest]), "}"]),
    ]);
}

const cleanTokens: fc.Arbitrary<Tok[]> = cleanBlock(3).map((more) => [
  "flow",
  "clean",
  "input",
  "client",
  "input",
  "kind",
  '"Kind"',
  "{",
  "value",
  "person",
  '"Person"',
  "value",
  "company",
  "value",
  "gov",
  "}",
  "match",
  "kind",
  "{",
  "case",
  "person",
  "{",
  "say",
  '"A person"',
  "}",
  "case",
  "company",
  ",",
  "gov",
  "{",
  "note",
  '"A firm, {kind}"',
  "}",
  "}",
  "ask",
  '"Where to?"',
  "{",
  "option",
  "to1",
  '"One {client}"',
  "->",
  "n1",
  "option",
  "to2",
  '"Two"',
  "->",
  "n2",
  "option",
  "more",
  '"More"',
  "{",
  ...more,
  "}",
  "}",
  "node",
  "n1",
  "{",
  "say",
  '"In one"',
  "}",
  "node",
  "n2",
  "{",
  "say",
  '"In two"',
  "end",
  "}",
]);

const cleanText: fc.Arbitrary<string> = cleanTokens.chain((tokens) =>
  fc
    .array(trivia, { minLength: tokens.length + 1, maxLength: tokens.length + 1 })
    .map((gaps) => render(tokens, gaps)),
);

const runs = { numRuns: 300 };

describe("format properties", () => {
  it("generates flows without syntax errors", () => {
    fc.assert(
      fc.property(flowText, (src) => {
        const errors = parse(src).diagnostics.filter((d) => d.severity === "error");
        expect(errors, src).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("formatting twice changes nothing", () => {
    fc.assert(
      fc.property(flowText, (src) => {
        const once = format(src).text;
        expect(once, src).not.toBeNull();
        expect(format(once!).text).toBe(once);
      }),
      runs,
    );
  });

  it("formatting keeps every comment", () => {
    fc.assert(
      fc.property(flowText, (src) => {
        const once = format(src).text!;
        expect(commentTexts(once)).toEqual(commentTexts(src));
      }),
      runs,
    );
  });

  it("formatting keeps the meaning", () => {
    fc.assert(
      fc.property(flowText, (src) => {
        const once = format(src).text!;
        expect(meaning(once)).toEqual(meaning(src));
      }),
      runs,
    );
  });

  it("formatting keeps the compiled definition of flows that check clean", () => {
    fc.assert(
      fc.property(cleanText, (src) => {
        const before = compile(src);
        expect(before.errors, src).toBe(0);
        expect(before.definition).not.toBeNull();
        const once = format(src).text!;
        expect(compile(once).definition).toEqual(before.definition);
      }),
      { numRuns: 200 },
    );
  });

  it("formatted text has no trailing spaces outside strings and comments, and no tabs for indentation", () => {
    fc.assert(
      fc.property(flowText.filter((s) => !s.includes('"""') && !s.includes("/*")), (src) => {
        const once = format(src).text!;
        for (const line of once.split("\n")) {
          expect(line).not.toMatch(/^\t/);
          expect(line).not.toMatch(/[ \t]$/);
        }
        expect(once.endsWith("\n")).toBe(true);
        expect(once).not.toMatch(/\n\n\n/);
      }),
      runs,
    );
  });
});
