import {
  back,
  choose,
  FlowError,
  restart,
  restore,
  result,
  serialize,
  start,
  type AskDef,
  type BlockDef,
  type FlowDefinition,
  type MatchDef,
  type NextDef,
  type OutputDef,
  type Session,
  type TextTemplate,
} from "@flowc/runtime";
import { compile } from "@flowc/dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printFlow, randomModel } from "./support/random-flows.js";

// Random well-formed definitions (every block emits something, and blocks and
// matches are laid out in one order in which jumps only go forward, so every
// step reaches an ask or the end) and random walks over them: start, choose by
// key or index, back, restart.

const NAMES = ["name", "city", "__proto__", "constructor", "имя"];
const IDS = [
  "start",
  "start#2",
  "q",
  "__proto__",
  "toString",
  "вопрос",
  "node#3",
  "x",
];

// Choice inputs and the values they may take (hostile names included).
const CHOICES = ["client_type", "toString", "тип"];
const VALUES = ["person", "company", "__proto__", "x", "значение"];

const text = (inputs: readonly string[]): fc.Arbitrary<TextTemplate> =>
  inputs.length === 0
    ? fc.string({ maxLength: 8 })
    : fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.array(
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 5 }),
            fc.constantFrom(...inputs).map((input) => ({ input })),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
      );

const field = (inputs: readonly string[]) =>
  fc.record({
    id: fc.string({ maxLength: 4 }),
    label: text(inputs),
    required: fc.boolean(),
  });

const output = (inputs: readonly string[]): fc.Arbitrary<OutputDef> =>
  fc.oneof(
    fc.record({
      kind: fc.constantFrom("say" as const, "note" as const, "todo" as const),
      text: text(inputs),
    }),
    fc.record(
      {
        kind: fc.constant("ticket" as const),
        id: fc.option(fc.string({ maxLength: 4 }), { nil: null }),
        title: text(inputs),
        queue: text(inputs),
        priority: fc.constantFrom(
          "low" as const,
          "normal" as const,
          "high" as const,
          "urgent" as const,
        ),
        fields: fc.array(field(inputs), { maxLength: 2 }),
        attachments: fc.array(field(inputs), { maxLength: 2 }),
      },
      { requiredKeys: ["kind", "id", "title", "fields", "attachments"] },
    ),
  );

/** Where a match sends each value of its input: a case number, or -1 for none (the else). */
type Assignment = { readonly cases: number[]; readonly withElse: boolean };

const flowArb: fc.Arbitrary<FlowDefinition> = fc
  .record({
    inputs: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
    choices: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom(...CHOICES),
        values: fc.uniqueArray(fc.constantFrom(...VALUES), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
      { maxLength: 2, selector: (c) => c.name },
    ),
    askIds: fc.uniqueArray(fc.constantFrom(...IDS), {
      minLength: 1,
      maxLength: 6,
    }),
    blockCount: fc.integer({ min: 1, max: 8 }),
    matchCount: fc.integer({ min: 0, max: 4 }),
  })
  .chain(({ inputs, choices, askIds, blockCount, matchCount: wanted }) => {
    const n = askIds.length;
    const matchCount = choices.length > 0 ? wanted : 0;
    const names = [...inputs, ...choices.map((c) => c.name)];
    // Blocks and matches in one random order: item k jumps only to items after it.
    const items = [
      ...Array.from({ length: blockCount }, (_, block): NextDef => ({ block })),
      ...Array.from({ length: matchCount }, (_, match): NextDef => ({ match })),
    ];
    return fc
      .shuffledSubarray(items, {
        minLength: items.length,
        maxLength: items.length,
      })
      .chain((order) => {
        const position = (next: NextDef) =>
          order.findIndex((item) => JSON.stringify(item) === JSON.stringify(next));
        const toAsk = fc
          .integer({ min: 0, max: n - 1 })
          .map((ask): NextDef => ({ ask }));
        const toEnd = fc.constant<NextDef>({ end: true });
        const toItemAfter = (k: number) =>
          fc.integer({ min: k + 1, max: order.length - 1 }).map((i) => order[i]!);
        // From the item at position k: on to a later item, an ask or the end.
        const onwards = (k: number) =>
          k + 1 < order.length
            ? fc.oneof(toEnd, toAsk, toItemAfter(k))
            : fc.oneof(toEnd, toAsk);
        const blocks = fc.tuple(
          ...Array.from({ length: blockCount }, (_, i) =>
            fc.record({
              outputs: fc.array(output(names), { minLength: 1, maxLength: 3 }),
              next: onwards(position({ block: i })),
            }),
          ),
        );
        const matches = fc.tuple(
          ...Array.from({ length: matchCount }, (_, i) =>
            fc.constantFrom(...choices).chain(({ name, values }) =>
              fc
                .record({
                  cases: fc.array(fc.integer({ min: -1, max: values.length - 1 }), {
                    minLength: values.length,
                    maxLength: values.length,
                  }),
                  withElse: fc.boolean(),
                })
                .chain((assignment) =>
                  matchOf(name, values, assignment, onwards(position({ match: i }))),
                ),
            ),
          ),
        );
        const asks = fc.tuple(
          ...askIds.map((id) =>
            fc
              .uniqueArray(
                fc.oneof(
                  fc.constantFrom(
                    "yes",
                    "no",
                    "__proto__",
                    "constructor",
                    "0",
                    "Без id",
                  ),
                  fc.string({ maxLength: 6 }),
                ),
                {
                  minLength: 1,
                  maxLength: 4,
                },
              )
              .chain((keys) =>
                fc.tuple(
                  ...keys.map((key) =>
                    fc.record({
                      key: fc.constant(key),
                      text: text(names),
                      next: fc.oneof(toEnd, toAsk, toItemAfter(-1)),
                    }),
                  ),
                ),
              )
              .map((options): AskDef => ({
                id,
                derivedId: id.includes("#"),
                text: `${id}?`,
                options,
              })),
          ),
        );
        return fc.record({
          blocks: blocks as fc.Arbitrary<BlockDef[]>,
          asks: asks as fc.Arbitrary<AskDef[]>,
          matches: matches as fc.Arbitrary<MatchDef[]>,
          entry: fc.oneof(toAsk, toItemAfter(-1)),
          values: fc.tuple(...inputs.map(() => fc.string({ maxLength: 6 }))),
          chosen: fc.tuple(...choices.map((c) => fc.constantFrom(...c.values))),
        });
      })
      .map(({ blocks, asks, matches, entry, values, chosen }) => ({
        flow: {
          format: "flowc-definition" as const,
          version: 3 as const,
          id: "random",
          title: null,
          hash: "h",
          inputs: [
            ...inputs.map((name) => ({ name, label: null })),
            ...choices.map(({ name, values }) => ({
              name,
              label: null,
              // Every other value has a label: a placeholder shows it, or the id.
              values: values.map((id, i) => ({ id, label: i % 2 ? null : `«${id}»` })),
            })),
          ],
          entry,
          blocks,
          asks,
          matches,
        },
        values: Object.fromEntries([
          ...inputs.map((name, i) => [name, values[i]!]),
          ...choices.map((c, i) => [c.name, chosen[i]!]),
        ]),
      }));
  })
  .map((x) => Object.assign(x.flow, { [valuesKey]: x.values }));

/**
 * A match on `input` whose cases group its values as `assignment` says
 * (-1: no case), with an else when a value has no case (or, needlessly, when
 * `withElse`); each case and the else lead somewhere `next` picks.
 */
function matchOf(
  input: string,
  values: readonly string[],
  { cases, withElse }: Assignment,
  next: fc.Arbitrary<NextDef>,
): fc.Arbitrary<MatchDef> {
  // At least one case: the first value gets one when none has.
  const groups = cases.every((c) => c < 0) ? [0, ...cases.slice(1)] : cases;
  const caseValues = [...new Set(groups.filter((g) => g >= 0))]
    .sort()
    .map((g) => values.filter((_, j) => groups[j] === g));
  const needsElse = groups.some((g) => g < 0);
  return fc.record({
    input: fc.constant(input),
    cases: fc.tuple(
      ...caseValues.map((vs) => fc.record({ values: fc.constant(vs), next })),
    ),
    else: needsElse || withElse ? next : fc.constant(null),
  });
}

// The inputs for a generated flow travel with it (a symbol: not part of the definition).
const valuesKey = Symbol("values");
const valuesOf = (flow: FlowDefinition) =>
  (flow as unknown as Record<symbol, Record<string, string>>)[valuesKey]!;

type Action =
  | { kind: "index"; n: number }
  | { kind: "key"; n: number }
  | { kind: "back" }
  | { kind: "restart" }
  | { kind: "bad" };
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.nat().map((n) => ({ kind: "index" as const, n })),
  },
  { weight: 5, arbitrary: fc.nat().map((n) => ({ kind: "key" as const, n })) },
  { weight: 1, arbitrary: fc.constant({ kind: "back" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "restart" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bad" as const }) },
);

/** How many match records the sessions checked so far held: the walks must meet matches. */
let matchesMet = 0;

/** Everything that must hold for any session of `flow`. */
function checkSession(
  flow: FlowDefinition,
  s: Session,
  inputs: Record<string, string> = valuesOf(flow),
) {
  // Never stranded: either a question with options, or finished.
  if (s.status === "asking") {
    expect(s.ask.options.length).toBeGreaterThan(0);
    expect(s.askId).toBe(s.ask.id);
  } else {
    expect(s.ask).toBeNull();
    expect(() => choose(s as never, 0)).toThrow(FlowError);
  }
  // Survives a trip through JSON.
  expect(restore(flow, JSON.parse(JSON.stringify(serialize(s))))).toEqual(s);
  // The transcript is the outputs with the answers and the matches passed between them.
  const r = result(s);
  expect(
    r.transcript.filter((t) => t.kind !== "ask" && t.kind !== "match"),
  ).toEqual(s.outputs);
  // Each match took the case that lists the input's value, else its else.
  for (const t of r.transcript)
    if (t.kind === "match") {
      matchesMet++;
      expect(t.value).toBe(inputs[t.input]);
      const values = flow.inputs.find((i) => i.name === t.input)!.values!;
      const value = values.find((v) => v.id === t.value)!;
      expect(t.label).toBe(value.label ?? value.id);
      if (t.case) expect(t.case).toContain(t.value);
      else
        expect(
          flow.matches.some(
            (m) =>
              m.input === t.input &&
              m.else !== null &&
              m.cases.every((c) => !c.values.includes(t.value)),
          ),
        ).toBe(true);
    }
  expect(
    r.transcript.flatMap((t) =>
      t.kind === "ask" ? [{ ask: t.id, option: t.option }] : [],
    ),
  ).toEqual(s.path);
  expect(r.says).toEqual(
    s.outputs.flatMap((o) => (o.kind === "say" ? [o.text] : [])),
  );
}

describe("random walks over random well-formed flows", () => {
  it("never strand a session, restore to equal sessions, and never mutate one", () => {
    fc.assert(
      fc.property(
        flowArb,
        fc.array(actionArb, { maxLength: 30 }),
        (flow, actions) => {
          let s: Session = start(flow, valuesOf(flow));
          const first = s;
          const seen: [Session, string][] = [];
          for (const action of actions) {
            checkSession(flow, s);
            seen.push([s, JSON.stringify(s)]);
            if (action.kind === "back") {
              const b = back(s);
              if (s.path.length === 0) expect(b).toBe(s);
              else expect(b.path).toEqual(s.path.slice(0, -1));
              s = b;
            } else if (action.kind === "restart") {
              s = restart(s);
              expect(s).toEqual(first);
            } else if (s.status === "asking") {
              const options = s.ask.options;
              if (action.kind === "bad") {
                expect(() => choose(s as never, options.length)).toThrow(
                  FlowError,
                );
                continue;
              }
              const i = action.n % options.length;
              const next =
                action.kind === "index"
                  ? choose(s, i)
                  : choose(s, options[i]!.key);
              expect(next.outputs.slice(0, s.outputs.length)).toEqual(
                s.outputs,
              );
              expect(next.path).toEqual([
                ...s.path,
                { ask: s.askId, option: options[i]!.key },
              ]);
              expect(back(next)).toEqual(s);
              s = next;
            }
          }
          checkSession(flow, s);
          for (const [session, json] of seen)
            expect(JSON.stringify(session)).toBe(json);
        },
      ),
      { numRuns: 300 },
    );
    expect(matchesMet).toBeGreaterThan(100);
  });

  it("restore onto a flow whose match now groups its values otherwise lands on the same path and cases, or is a restore-mismatch", () => {
    const cases = (s: Session) =>
      result(s).transcript.flatMap((t) =>
        t.kind === "match" ? [[t.input, t.case]] : [],
      );
    fc.assert(
      fc.property(
        flowArb.filter((flow) => flow.matches.length > 0),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.nat(),
        fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 4, maxLength: 4 }),
        (flow, picks, which, groups) => {
          let s: Session = start(flow, valuesOf(flow));
          for (const n of picks)
            if (s.status === "asking") s = choose(s, n % s.ask.options.length);
          // The same flow, with one match's values grouped into cases anew.
          const m = flow.matches[which % flow.matches.length]!;
          const values = flow.inputs.find((i) => i.name === m.input)!.values!;
          const grouping = values.map((_, j) => groups[j]!);
          if (grouping.every((g) => g < 0)) grouping[0] = 0;
          const regrouped: MatchDef = {
            input: m.input,
            cases: [...new Set(grouping.filter((g) => g >= 0))].map((g) => ({
              values: values.filter((_, j) => grouping[j] === g).map((v) => v.id),
              next: m.cases[g % m.cases.length]!.next,
            })),
            else: grouping.some((g) => g < 0) ? (m.else ?? m.cases[0]!.next) : m.else,
          };
          const changed = {
            ...flow,
            hash: "h2",
            matches: flow.matches.map((x) => (x === m ? regrouped : x)),
          };
          let restored: Session;
          try {
            restored = restore(changed, serialize(s));
          } catch (e) {
            expect(e).toBeInstanceOf(FlowError);
            expect((e as FlowError).code).toBe("restore-mismatch");
            return;
          }
          // Never a silent detour: the same choices and the same cases as saved.
          expect(restored.path).toEqual(s.path);
          expect(cases(restored)).toEqual(cases(s));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("compiled random flows with matches", () => {
  it("that check without errors never strand a session, whatever the choice inputs' values", () => {
    let played = 0;
    fc.assert(
      fc.property(
        randomModel({ maxNodes: 3, saysFirst: true, matches: true }).filter(
          (model) => model.choices.length > 0,
        ),
        fc.array(fc.nat(), { maxLength: 12 }),
        (model, picks) => {
          const compiled = compile(printFlow(model).text, "random.flow");
          if (compiled.errors > 0 || !compiled.definition) return;
          const flow = compiled.definition;
          // Input c<i> takes value v<pick>.
          const inputs = Object.fromEntries(
            model.choices.map((n, i) => [`c${i}`, `v${(picks[i] ?? 0) % n}`]),
          );
          let s: Session = start(flow, inputs);
          if (flow.matches.length > 0) played++;
          for (const n of picks) {
            checkSession(flow, s, inputs);
            if (s.status !== "asking") break;
            s = choose(s, n % s.ask.options.length);
          }
          checkSession(flow, s, inputs);
        },
      ),
      { numRuns: 500 },
    );
    // Most random flows have a dead end somewhere (about 1 in 40 plays, with
    // matches): some must, or this property tests nothing.
    expect(played).toBeGreaterThan(3);
  });
});

describe("robustness", () => {
  it("start() on any value either works or throws a FlowError", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (flow, inputs) => {
        try {
          start(flow as FlowDefinition, inputs as never);
        } catch (e) {
          expect(e).toBeInstanceOf(FlowError);
        }
      }),
    );
  });

  it("a damaged definition throws a FlowError (invalid-definition or a missing input), never anything else", () => {
    // Replace one value somewhere in a valid definition by something else.
    const damage = (
      value: unknown,
      path: number[],
      replacement: unknown,
    ): unknown => {
      if (path.length === 0 || value === null || typeof value !== "object")
        return replacement;
      const keys = Object.keys(value);
      if (keys.length === 0) return replacement;
      const key = keys[path[0]! % keys.length]!;
      const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<
        string,
        unknown
      >;
      copy[key] = damage(
        (value as Record<string, unknown>)[key],
        path.slice(1),
        replacement,
      );
      return copy;
    };
    fc.assert(
      fc.property(
        flowArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.anything(),
        (flow, path, replacement) => {
          const damaged = damage(flow, path, replacement) as FlowDefinition;
          try {
            let s: Session = start(damaged, valuesOf(flow));
            for (let i = 0; i < 5 && s.status === "asking"; i++)
              s = choose(s, 0);
          } catch (e) {
            expect(e).toBeInstanceOf(FlowError);
            expect([
              "invalid-definition",
              "missing-input",
              "invalid-input",
            ]).toContain((e as FlowError).code);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("restore() of any value either works or throws a FlowError", () => {
    fc.assert(
      fc.property(
        flowArb,
        fc.oneof(
          fc.anything(),
          fc.record({
            v: fc.constantFrom(1, 2),
            flow: fc.constantFrom("random", "other"),
            hash: fc.constantFrom("h", "other"),
            inputs: fc.dictionary(
              fc.constantFrom(...NAMES),
              fc.oneof(fc.string(), fc.integer()),
            ),
            choices: fc.array(
              fc.tuple(
                fc.constantFrom(...IDS),
                fc.oneof(fc.constantFrom("yes", "no", "0"), fc.string()),
              ),
            ),
            cases: fc.oneof(
              fc.constant(undefined),
              fc.anything(),
              fc.array(
                fc.array(fc.constantFrom(...CHOICES, ...VALUES), { maxLength: 3 }),
              ),
            ),
          }),
        ),
        (flow, data) => {
          try {
            restore(flow, data);
          } catch (e) {
            expect(e).toBeInstanceOf(FlowError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
