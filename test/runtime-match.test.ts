import {
  back,
  choose,
  restart,
  restore,
  result,
  serialize,
  start,
  type FlowDefinition,
  type FlowErrorCode,
  type MatchDef,
  type Session,
} from "@flowc/runtime";
import { describe, expect, it } from "vitest";
import { thrown } from "./support/flow-error.js";
import { deliveryFlow } from "./support/match-flows.js";

// Choice inputs and `match` in the runtime, through the public API, on the
// hand-made definition in support/match-flows.ts.

const pick = (s: Session, key: string): Session => {
  if (s.status !== "asking") throw new Error("expected a question");
  return choose(s, key);
};

function expectError(f: () => unknown, code: FlowErrorCode, message?: RegExp) {
  const e = thrown(f);
  expect(e.code).toBe(code);
  if (message) expect(e.message).toMatch(message);
  return e;
}

const anna = (client_type: string) => ({ client_name: "Анна", client_type });

describe("a match", () => {
  const flow = deliveryFlow();

  it("takes the case of the input's value at once, adding nothing to the path", () => {
    const s = start(flow, anna("person"));
    expect(s.status).toBe("asking");
    expect(s.askId).toBe("method");
    expect(s.path).toEqual([]);
    // A choice input's placeholder shows the value's label.
    expect(s.outputs).toEqual([
      { kind: "say", text: "Анна, здравствуйте." },
      { kind: "note", text: "Физ.лицо: Физ.лицо" },
    ]);
    const done = pick(s, "pickup");
    expect(done.status).toBe("done");
    expect(done.path).toEqual([{ ask: "method", option: "pickup" }]);
    expect(result(done).says).toEqual([
      "Анна, здравствуйте.",
      "Возьмите паспорт.",
    ]);
  });

  it("takes a case that lists several values, and the else for a value without a case", () => {
    const company = pick(start(flow, anna("company")), "courier");
    expect(company.outputs.map((o) => ("text" in o ? o.text : ""))).toEqual([
      "Анна, здравствуйте.",
      "Заказ на Юр.лицо.",
      "Курьер приедет.",
      "Нужна доверенность.",
    ]);
    // A value without a label shows its id.
    const trader = start(flow, anna("sole_trader"));
    expect(trader.outputs[1]).toEqual({
      kind: "note",
      text: "Заказ на sole_trader.",
    });
  });

  it("is in the transcript, in its place, with the value, its label and the case taken", () => {
    const r = result(pick(start(flow, anna("company")), "pickup"));
    expect(r.transcript).toEqual([
      { kind: "say", text: "Анна, здравствуйте." },
      {
        kind: "match",
        input: "client_type",
        value: "company",
        label: "Юр.лицо",
        case: ["company", "sole_trader"],
      },
      { kind: "note", text: "Заказ на Юр.лицо." },
      {
        kind: "ask",
        id: "method",
        text: "Как доставить?",
        option: "pickup",
        answer: "Самовывоз",
      },
      {
        kind: "match",
        input: "client_type",
        value: "company",
        label: "Юр.лицо",
        case: null,
      },
      { kind: "say", text: "Нужна доверенность." },
    ]);
    // Outputs stay outputs: the match records are only in the transcript.
    expect(r.outputs.every((o) => o.kind !== ("match" as string))).toBe(true);
    expect(Object.isFrozen(r.transcript[1])).toBe(true);
  });

  it("is stepped over by back() and replayed by restart()", () => {
    const first = start(flow, anna("person"));
    const done = pick(first, "courier");
    expect(back(done)).toEqual(first);
    expect(restart(done)).toEqual(first);
    // Back at the first question (after a match): the same session.
    expect(back(first)).toBe(first);
  });
});

describe("choice inputs in start()", () => {
  const flow = deliveryFlow();

  it("refuses a value the input does not list, naming the allowed ones", () => {
    expectError(
      () => start(flow, anna("firm")),
      "invalid-input",
      /^Input "client_type" has no value "firm"\. Valid: "person", "company", "sole_trader"\.$/,
    );
    // A label is not a value id.
    expectError(() => start(flow, anna("Юр.лицо")), "invalid-input");
    expectError(() => start(flow, anna(1 as never)), "invalid-input");
    expectError(
      () => start(flow, { client_name: "Анна" }),
      "missing-input",
      /client_type/,
    );
  });
});

describe("saving and restoring across matches", () => {
  const flow = deliveryFlow();

  it("serializes the cases taken, and restores the same session", () => {
    const s = pick(start(flow, anna("company")), "pickup");
    const data = serialize(s);
    expect(data).toEqual({
      v: 2,
      flow: "delivery",
      hash: "d1",
      inputs: anna("company"),
      choices: [["method", "pickup"]],
      cases: [["client_type", "company", "sole_trader"], ["client_type"]],
    });
    expect(restore(flow, JSON.parse(JSON.stringify(data)))).toEqual(s);
    // A flow without matches saves no `cases` at all.
    const plain = deliveryFlow({
      blocks: [{ outputs: [], next: { end: true } }],
      entry: { block: 0 },
      asks: [],
      matches: [],
    });
    expect(serialize(start(plain, anna("person")))).not.toHaveProperty("cases");
  });

  it("restores onto a changed flow whose matches still take the same cases", () => {
    const s = pick(start(flow, anna("person")), "courier");
    const changed = deliveryFlow({
      hash: "d2",
      blocks: flow.blocks.map((b, i) =>
        i === 4
          ? { ...b, outputs: [{ kind: "say", text: "Паспорт, пожалуйста." }] }
          : b,
      ),
    });
    const restored = restore(changed, serialize(s));
    expect(restored.path).toEqual(s.path);
    expect(result(restored).says.at(-1)).toBe("Паспорт, пожалуйста.");
  });

  it("refuses a changed flow whose match now takes another case for the saved value", () => {
    const s = pick(start(flow, anna("company")), "pickup");
    const data = serialize(s);
    // The second match now has a case for company: it no longer takes the else.
    const matches: MatchDef[] = [
      flow.matches[0]!,
      {
        input: "client_type",
        cases: [
          { values: ["person"], next: { block: 4 } },
          { values: ["company"], next: { block: 4 } },
        ],
        else: { block: 5 },
      },
    ];
    expectError(
      () => restore(deliveryFlow({ hash: "d2", matches }), data),
      "restore-mismatch",
      /^Cannot restore: match 2 took the else of "client_type", but the flow now takes case "company" of "client_type" \("client_type" is "company"\)\.$/,
    );
    // The same data with the same hash: it was tampered with.
    expectError(
      () => restore(deliveryFlow({ matches }), data),
      "invalid-session",
    );
  });

  it("refuses a changed flow that now passes a match the saved session did not, or no longer passes one", () => {
    const s = pick(start(flow, anna("company")), "pickup");
    const data = serialize(s);
    // The pickup option now ends the flow: the saved second match is not met.
    const noSecond = deliveryFlow({
      hash: "d2",
      asks: [
        {
          ...flow.asks[0]!,
          options: [
            flow.asks[0]!.options[0]!,
            { key: "pickup", text: "Самовывоз", next: { end: true } },
          ],
        },
      ],
    });
    expectError(
      () => restore(noSecond, data),
      "restore-mismatch",
      /^Cannot restore: the saved session passed 2 matches, the flow now 1\.$/,
    );
    // A session saved before the matches (no `cases`) meets one now.
    const { cases: _cases, ...before } = data;
    expectError(
      () => restore(deliveryFlow({ hash: "d2" }), before),
      "restore-mismatch",
      /^Cannot restore: match 1 was not there, but the flow now takes case "company", "sole_trader" of "client_type"/,
    );
  });

  it("refuses a saved value the changed flow no longer lists, and malformed cases", () => {
    const data = serialize(start(flow, anna("sole_trader")));
    // The flow drops the value sole_trader (and its place in the first match).
    const [name, type] = flow.inputs;
    const inputs = [name!, { ...type!, values: type!.values!.slice(0, 2) }];
    const [first, second] = flow.matches;
    const matches = [
      { ...first!, cases: [first!.cases[0]!, { ...first!.cases[1]!, values: ["company"] }] },
      second!,
    ];
    expectError(
      () => restore(deliveryFlow({ hash: "d2", inputs, matches }), data),
      "restore-mismatch",
      /Input "client_type" has no value "sole_trader"\. Valid: "person", "company"\./,
    );
    expectError(
      () => restore(flow, { ...data, inputs: anna("firm") }),
      "invalid-input",
    );
    // A value the app gives for an input the saved session lacks is the app's mistake.
    const { client_type: _type, ...withoutType } = data.inputs;
    expectError(
      () =>
        restore(
          deliveryFlow({ hash: "d2" }),
          { ...data, inputs: withoutType },
          { inputs: { client_type: "firm" } },
        ),
      "invalid-input",
      /Input "client_type" has no value "firm"/,
    );
    expect(
      restore(
        flow,
        { ...data, inputs: withoutType },
        { inputs: { client_type: "sole_trader" } },
      ),
    ).toEqual(start(flow, anna("sole_trader")));
    expectError(() => restore(flow, { ...data, cases: "x" }), "invalid-session");
    expectError(
      () => restore(flow, { ...data, cases: [[1]] }),
      "invalid-session",
      /^Cannot restore: match 1 took/,
    );
  });
});

describe("definitions with matches", () => {
  const d = deliveryFlow();
  const bad = (parts: Record<string, unknown>, message: RegExp) =>
    expectError(
      () => start(deliveryFlow(parts as Partial<FlowDefinition>), anna("person")),
      "invalid-definition",
      message,
    );
  const withMatch = (match: Record<string, unknown>) => ({
    matches: [{ ...d.matches[0], ...match }, d.matches[1]],
  });

  it("refuses an older format version, asking for a rebuild", () => {
    bad(
      { version: 2 },
      /^Not a valid compiled flow: version: 2 is not 3 \(build the flow with the matching flowc\)\.$/,
    );
  });

  it("checks choice inputs", () => {
    const values = (v: unknown) => ({
      inputs: [d.inputs[0], { ...d.inputs[1], values: v }],
    });
    bad(values([]), /inputs\[1\]\.values: a list is not a list of at least one value/);
    bad(
      values([{ id: "a", label: null }, { id: "a", label: null }]),
      /inputs\[1\]\.values\[1\]\.id: "a" is used twice/,
    );
    bad(values([{ id: "a", label: 1 }]), /inputs\[1\]\.values\[0\]\.label/);
  });

  it("checks every match, naming the rule and the place", () => {
    bad({ matches: null }, /^Not a valid compiled flow: matches: null is not a list\.$/);
    bad(
      withMatch({ input: "client_name" }),
      /^Not a valid compiled flow: matches\[0\]\.input: "client_name" is not a choice input of the flow\.$/,
    );
    bad(withMatch({ input: "nobody" }), /matches\[0\]\.input/);
    bad(
      withMatch({ cases: [] }),
      /matches\[0\]\.cases: a list is not a list of at least one case/,
    );
    bad(
      withMatch({
        cases: [{ values: ["firm"], next: { end: true } }],
        else: { end: true },
      }),
      /^Not a valid compiled flow: matches\[0\]\.cases\[0\]\.values\[0\]: "firm" is not a value of "client_type"\.$/,
    );
    bad(
      withMatch({
        cases: [
          { values: ["person"], next: { end: true } },
          { values: ["company", "person"], next: { end: true } },
        ],
        else: { end: true },
      }),
      /^Not a valid compiled flow: matches\[0\]\.cases\[1\]\.values\[1\]: "person" is in two cases\.$/,
    );
    bad(
      withMatch({ cases: [{ values: ["person"], next: { end: true } }] }),
      /^Not a valid compiled flow: matches\[0\]: no case for "company", "sole_trader" of "client_type", and no else\.$/,
    );
    bad(
      withMatch({ cases: [{ values: ["person"], next: { match: 9 } }] }),
      /^Not a valid compiled flow: matches\[0\]\.cases\[0\]\.next: 9 is not an index into matches\.$/,
    );
    bad(withMatch({ else: { ask: 4 } }), /matches\[0\]\.else: 4 is not an index into asks/);
    bad(withMatch({ else: undefined }), /matches\[0\]\.else/);
    bad({ entry: { match: -1 } }, /entry: -1 is not an index into matches/);
    bad(
      { entry: { match: 0, block: 0 } },
      /entry: an object is not \{ block: i \}, \{ ask: i \}, \{ match: i \} or \{ end: true \}/,
    );
  });

  it("stops a loop of jumps through blocks and matches instead of hanging", () => {
    // The else of the second match leads back to it through block 5.
    const blocks = d.blocks.map((b, i) =>
      i === 5 ? { ...b, next: { match: 1 } } : b,
    );
    const s = start(deliveryFlow({ blocks }), anna("company"));
    expectError(
      () => pick(s, "pickup"),
      "invalid-definition",
      /^Not a valid compiled flow: (matches\[1\]|blocks\[5\]): its jumps loop forever\.$/,
    );
    // A value whose case leaves the loop plays on.
    expect(pick(start(deliveryFlow({ blocks }), anna("person")), "pickup").status).toBe(
      "done",
    );
    // A match that leads to itself.
    const self = deliveryFlow({
      matches: [
        { input: "client_type", cases: [{ values: ["person"], next: { match: 0 } }], else: { end: true } },
        d.matches[1]!,
      ],
    });
    expectError(
      () => start(self, anna("person")),
      "invalid-definition",
      /matches\[0\]: its jumps loop forever/,
    );
  });
});
