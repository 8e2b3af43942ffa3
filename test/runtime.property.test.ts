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
  type NextDef,
  type OutputDef,
  type Session,
  type TextTemplate,
} from "@flowc/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Random well-formed definitions (every block emits something and block jumps
// only go forward, so every step reaches an ask or the end) and random walks
// over them: start, choose by key or index, back, restart.

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

const flowArb: fc.Arbitrary<FlowDefinition> = fc
  .record({
    inputs: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
    askIds: fc.uniqueArray(fc.constantFrom(...IDS), {
      minLength: 1,
      maxLength: 6,
    }),
    blockCount: fc.integer({ min: 1, max: 8 }),
  })
  .chain(({ inputs, askIds, blockCount }) => {
    const n = askIds.length;
    const toAsk = fc
      .integer({ min: 0, max: n - 1 })
      .map((ask): NextDef => ({ ask }));
    const toEnd = fc.constant<NextDef>({ end: true });
    const toBlockFrom = (min: number) =>
      fc
        .integer({ min, max: blockCount - 1 })
        .map((block): NextDef => ({ block }));
    const blocks = fc.tuple(
      ...Array.from({ length: blockCount }, (_, i) =>
        fc.record({
          outputs: fc.array(output(inputs), { minLength: 1, maxLength: 3 }),
          // Forward only: a block never leads back to itself within a step.
          next:
            i + 1 < blockCount
              ? fc.oneof(toEnd, toAsk, toBlockFrom(i + 1))
              : fc.oneof(toEnd, toAsk),
        }),
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
                  text: text(inputs),
                  next: fc.oneof(toEnd, toAsk, toBlockFrom(0)),
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
    return fc
      .record({
        blocks: blocks as fc.Arbitrary<BlockDef[]>,
        asks: asks as fc.Arbitrary<AskDef[]>,
        entry: fc.oneof(toAsk, toBlockFrom(0)),
        values: fc.tuple(...inputs.map(() => fc.string({ maxLength: 6 }))),
      })
      .map(({ blocks, asks, entry, values }) => ({
        flow: {
          format: "flowc-definition" as const,
          version: 3 as const,
          id: "random",
          title: null,
          hash: "h",
          inputs: inputs.map((name) => ({ name, label: null })),
          entry,
          blocks,
          asks,
          matches: [],
        },
        values: Object.fromEntries(inputs.map((name, i) => [name, values[i]!])),
      }));
  })
  .map((x) => Object.assign(x.flow, { [valuesKey]: x.values }));

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

/** Everything that must hold for any session of `flow`. */
function checkSession(flow: FlowDefinition, s: Session) {
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
  // The transcript is the outputs with the answers between them.
  const r = result(s);
  expect(r.transcript.filter((t) => t.kind !== "ask")).toEqual(s.outputs);
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
