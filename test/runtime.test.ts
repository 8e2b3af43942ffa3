import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "@flowc/dsl";
import {
  back,
  choose,
  FlowError,
  restart,
  restore,
  result,
  serialize,
  start,
  type AnySession,
  type AskingSession,
  type FlowDefinition,
  type FlowErrorCode,
  type OutputDef,
  type Session,
} from "@flowc/runtime";
import { describe, expect, it } from "vitest";
import { thrown } from "./support/flow-error.js";

// Through the public API only. Fixture flows in test/fixtures/runtime/ are
// played with the runs in <name>.runs.json, each with its expected status,
// current ask and transcript (FLOWC_UPDATE=1 rewrites the expectations).

const fixtures = join(import.meta.dirname, "fixtures", "runtime");

function compiled(text: string, path = "test.flow"): FlowDefinition {
  const r = compile(text, path);
  if (!r.definition)
    throw new Error(
      r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"),
    );
  return r.definition;
}

/** Chooses blindly (the session must be asking): tests drive flows by key. */
const pick = (s: Session, key: string | number): Session => {
  if (s.status !== "asking")
    throw new Error(`expected a question, the flow is done`);
  return choose(s, key);
};

function play(
  flow: FlowDefinition,
  inputs: Record<string, string> | undefined,
  keys: (string | number)[],
) {
  let s: Session = start(flow, inputs);
  for (const k of keys) s = pick(s, k);
  return s;
}

function expectError(
  f: () => unknown,
  code: FlowErrorCode,
  message?: RegExp,
): FlowError {
  const e = thrown(f);
  expect(e.code).toBe(code);
  expect(e.name).toBe("FlowError");
  if (message) expect(e.message).toMatch(message);
  return e;
}

/** A small hand-made definition; `blocks`/`asks` override the defaults. */
function def(parts: Partial<FlowDefinition> = {}): FlowDefinition {
  return {
    format: "flowc-definition",
    version: 3,
    id: "hand",
    title: "Hand-made",
    hash: "h1",
    inputs: [{ name: "name", label: "Имя" }],
    entry: { block: 0 },
    blocks: [
      {
        outputs: [
          { kind: "say", text: ["Здравствуйте, ", { input: "name" }, "!"] },
        ],
        next: { ask: 0 },
      },
      { outputs: [{ kind: "note", text: "Нота" }], next: { end: true } },
      { outputs: [{ kind: "todo", text: "Потом" }], next: { ask: 1 } },
    ],
    asks: [
      {
        id: "start",
        derivedId: true,
        text: ["Как дела, ", { input: "name" }, "?"],
        options: [
          { key: "good", text: "Хорошо", next: { block: 1 } },
          { key: "bad", text: "Плохо", next: { block: 2 } },
          { key: "Без id", text: "Без id", next: { ask: 0 } },
        ],
      },
      {
        id: "start#2",
        derivedId: true,
        text: "Ещё?",
        options: [
          { key: "yes", text: "Да", next: { block: 1 } },
          { key: "no", text: "Нет", next: { end: true } },
        ],
      },
    ],
    matches: [],
    ...parts,
  };
}

/** The runs file, one transcript entry a line, so a diff reads like the conversation. */
function formatRuns(
  runs: {
    inputs?: unknown;
    choose: unknown;
    expect: {
      status: string;
      ask: string | null;
      transcript: readonly unknown[];
    };
  }[],
) {
  const j = (x: unknown) => JSON.stringify(x);
  const run = (r: (typeof runs)[number]) =>
    [
      "  {",
      ...(r.inputs ? [`    "inputs": ${j(r.inputs)},`] : []),
      `    "choose": ${j(r.choose)},`,
      `    "expect": {`,
      `      "status": ${j(r.expect.status)},`,
      `      "ask": ${j(r.expect.ask)},`,
      `      "transcript": [`,
      r.expect.transcript.map((t) => `        ${j(t)}`).join(",\n"),
      "      ]",
      "    }",
      "  }",
    ].join("\n");
  return `[\n${runs.map(run).join(",\n")}\n]\n`;
}

describe("fixture flows", () => {
  const names = readdirSync(fixtures)
    .filter((f) => f.endsWith(".flow"))
    .map((f) => f.slice(0, -5));

  it("there are fixtures", () =>
    expect(names.length).toBeGreaterThanOrEqual(4));

  it.each(names)("%s plays as recorded", (name) => {
    const flow = compiled(
      readFileSync(join(fixtures, `${name}.flow`), "utf8"),
      `${name}.flow`,
    );
    const file = join(fixtures, `${name}.runs.json`);
    type Run = {
      inputs?: Record<string, string>;
      choose: (string | number)[];
      expect?: unknown;
    };
    const runs = JSON.parse(readFileSync(file, "utf8")) as Run[];
    const actual = runs.map((run) => {
      const s = play(flow, run.inputs, run.choose);
      const r = result(s);
      return {
        ...run,
        expect: {
          status: r.status,
          ask: s.ask?.id ?? null,
          transcript: r.transcript,
        },
      };
    });
    if (process.env.FLOWC_UPDATE) writeFileSync(file, formatRuns(actual));
    expect(actual).toEqual(runs);
  });
});

describe("start", () => {
  it("runs the first step up to the first ask, with placeholders filled", () => {
    const s = start(def(), { name: "Анна" });
    expect(s).toEqual({
      status: "asking",
      askId: "start",
      ask: {
        id: "start",
        text: "Как дела, Анна?",
        options: [
          { key: "good", text: "Хорошо" },
          { key: "bad", text: "Плохо" },
          { key: "Без id", text: "Без id" },
        ],
      },
      outputs: [{ kind: "say", text: "Здравствуйте, Анна!" }],
      path: [],
    });
  });

  it("finishes at once when the entry has no ask", () => {
    const s = start(def({ entry: { block: 1 } }), { name: "x" });
    expect(s.status).toBe("done");
    expect(s.ask).toBeNull();
    expect(s.askId).toBeNull();
    expect(s.outputs).toEqual([{ kind: "note", text: "Нота" }]);
  });

  it("needs every declared input as a text, and lists them", () => {
    const flow = def({
      inputs: [
        { name: "name", label: null },
        { name: "city", label: null },
      ],
    });
    expectError(
      () => start(flow, { name: "a" }),
      "missing-input",
      /"city".*"name", "city"/,
    );
    expectError(() => start(flow), "missing-input", /"name"/);
    expectError(
      () => start(flow, { name: "a", city: null } as never),
      "invalid-input",
      /"city"/,
    );
    expectError(
      () => start(flow, { name: 1, city: "b" } as never),
      "invalid-input",
      /"name"/,
    );
    expectError(
      () => start(flow, { name: new String("a"), city: "b" } as never),
      "invalid-input",
    );
    expectError(
      () => start(flow, "name=a" as never),
      "invalid-input",
      /^start\(\) takes inputs as an object of texts \(\{ "name": "…" \}\), not "name=a"\.$/,
    );
    expect(
      start(flow, { name: "a", city: "b", extra: "ignored" }).outputs[0],
    ).toEqual({
      kind: "say",
      text: "Здравствуйте, a!",
    });
  });

  it("reads inputs as own properties only", () => {
    const inherited = Object.create({ name: "from the prototype" }) as Record<
      string,
      string
    >;
    expectError(() => start(def(), inherited), "missing-input");
    const tricky = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    const flow = def({
      inputs: tricky.map((name) => ({ name, label: null })),
      entry: { block: 0 },
      blocks: [
        {
          outputs: [{ kind: "say", text: tricky.map((input) => ({ input })) }],
          next: { end: true },
        },
      ],
      asks: [],
    });
    expectError(() => start(flow, {}), "missing-input", /"__proto__"/);
    const given = JSON.parse(
      '{"__proto__": "a", "constructor": "b", "toString": "c", "hasOwnProperty": "d"}',
    );
    const s = start(flow, given);
    expect(s.outputs).toEqual([{ kind: "say", text: "abcd" }]);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
    expect(Object.getPrototypeOf(given)).toBe(Object.prototype);
    const saved = JSON.parse(JSON.stringify(serialize(s)));
    expect(restore(flow, saved)).toEqual(s);
  });

  it("fills placeholders literally (no $-patterns, no second pass)", () => {
    const s = start(def(), { name: "$& {name} $1" });
    expect(s.outputs[0]).toEqual({
      kind: "say",
      text: "Здравствуйте, $& {name} $1!",
    });
  });
});

describe("choose", () => {
  const flow = def();
  const s0 = start(flow, { name: "Анна" }) as Extract<
    Session,
    { status: "asking" }
  >;

  it("takes an option key or a 0-based index", () => {
    expect(choose(s0, "bad")).toEqual(choose(s0, 1));
    const s = choose(s0, "Без id");
    expect(s.askId).toBe("start");
    expect(s.path).toEqual([{ ask: "start", option: "Без id" }]);
  });

  it("runs the step after the choice and keeps what came before", () => {
    const s1 = choose(s0, "bad");
    expect(s1.status).toBe("asking");
    expect(s1.askId).toBe("start#2");
    expect(s1.outputs).toEqual([
      { kind: "say", text: "Здравствуйте, Анна!" },
      { kind: "todo", text: "Потом" },
    ]);
    // Structure is shared: the earlier outputs are the same objects.
    expect(s1.outputs[0]).toBe(s0.outputs[0]);
    const s2 = pick(s1, "yes");
    expect(s2.status).toBe("done");
    expect(s2.path).toEqual([
      { ask: "start", option: "bad" },
      { ask: "start#2", option: "yes" },
    ]);
  });

  it("keeps conversations with different inputs apart, however they interleave", () => {
    // The runtime reuses what a flow made for the last inputs it was started
    // with; older sessions must still show their own texts.
    const anna = start(flow, { name: "Анна" }) as AskingSession;
    const boris = start(flow, { name: "Борис" }) as AskingSession;
    const annaAgain = choose(anna, "Без id") as AskingSession;
    expect(annaAgain.ask.text).toBe("Как дела, Анна?");
    expect(choose(boris, "Без id").ask?.text).toBe("Как дела, Борис?");
    expect(choose(annaAgain, "bad").outputs[0]).toEqual({
      kind: "say",
      text: "Здравствуйте, Анна!",
    });
    const back = start(flow, { name: "Анна" }) as AskingSession;
    expect(back.ask.text).toBe("Как дела, Анна?");
    expect(serialize(choose(boris, 1)).inputs).toEqual({ name: "Борис" });
    expect(
      result(restore(flow, serialize(choose(boris, 1)))).transcript[0],
    ).toEqual({
      kind: "say",
      text: "Здравствуйте, Борис!",
    });
  });

  it("makes equal, separate sessions from the same inputs and choices", () => {
    const a = choose(start(flow, { name: "Анна" }) as AskingSession, "bad");
    const b = choose(start(flow, { name: "Анна" }) as AskingSession, "bad");
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(Object.isFrozen(a.ask)).toBe(true);
    expect(Object.isFrozen(a.ask?.options[0])).toBe(true);
  });

  it("rejects an unknown key or index, listing the valid ones", () => {
    const valid =
      /Question "start" has no option .*Valid: "good", "bad", "Без id" or 0-2\./;
    expectError(() => choose(s0, "nope" as never), "unknown-option", valid);
    expectError(() => choose(s0, 3), "unknown-option", /option 3\. Valid/);
    expectError(() => choose(s0, -1), "unknown-option");
    expectError(() => choose(s0, 1.5), "unknown-option");
    expectError(() => choose(s0, Number.NaN), "unknown-option");
    expectError(() => choose(s0, "0" as never), "unknown-option");
    expectError(
      () => choose(s0, true as never),
      "unknown-option",
      /has no option true\./,
    );
    expectError(
      () => choose(s0, { toString: () => "0" } as never),
      "unknown-option",
    );
    expectError(() => choose(s0, "length" as never), "unknown-option");
    expectError(() => choose(s0, "__proto__" as never), "unknown-option");
  });

  it("says to pass the key when given the option itself", () => {
    expectError(
      () => choose(s0, s0.ask.options[1] as never),
      "unknown-option",
      /^Pass the option's key to choose\(\): option\.key\.$/,
    );
  });

  it("refuses to choose on a finished flow", () => {
    const done = choose(s0, "good");
    expectError(
      () => choose(done as never, "good"),
      "session-done",
      /finished/,
    );
  });

  it("only takes sessions made by the runtime", () => {
    expectError(
      () => choose(JSON.parse(JSON.stringify(s0)), "good"),
      "invalid-session",
    );
    expectError(
      () => choose({ ...s0 }, "good"),
      "invalid-session",
      /^A copied session cannot go on: save sessions with serialize\(\) and restore\(\)\.$/,
    );
    expectError(
      () => choose("session" as never, "good"),
      "invalid-session",
      /^Not a session from start\(\), choose\(\) or restore\(\): "session"\.$/,
    );
    expectError(() => choose(null as never, "good"), "invalid-session");
    expectError(() => result({} as never), "invalid-session");
    expectError(() => back("x" as never), "invalid-session");
    expectError(() => serialize(structuredClone(s0)), "invalid-session");
  });
});

describe("immutability", () => {
  it("freezes sessions, asks, outputs and results", () => {
    const s = start(def(), { name: "a" }) as AnySession;
    const t = pick(pick(s as Session, "bad"), "yes");
    for (const x of [
      s,
      s.ask,
      s.ask?.options,
      s.ask?.options[0],
      s.outputs,
      s.outputs[0],
      s.path,
      t.path,
      t.path[0],
    ])
      expect(Object.isFrozen(x)).toBe(true);
    const r = result(t);
    for (const x of [r, r.transcript, r.says, r.tickets, r.outputs])
      expect(Object.isFrozen(x)).toBe(true);
  });

  it("never changes its arguments", () => {
    const flow = def();
    const before = structuredClone(flow);
    const inputs = { name: "a", other: "b" };
    const s = start(flow, inputs);
    const snapshot = JSON.stringify(s);
    const t = pick(pick(s, "bad"), "yes");
    back(t);
    restart(t);
    result(t);
    const data = serialize(t);
    const dataBefore = structuredClone(data);
    restore(flow, data);
    expect(flow).toEqual(before);
    expect(inputs).toEqual({ name: "a", other: "b" });
    expect(JSON.stringify(s)).toBe(snapshot);
    expect(data).toEqual(dataBefore);
  });
});

describe("outputs", () => {
  it("builds tickets with every property, an unnamed ticket's id being null", () => {
    const ticket: OutputDef = {
      kind: "ticket",
      id: "t1",
      title: ["Заказ ", { input: "name" }],
      queue: ["Очередь ", { input: "name" }],
      priority: "high",
      fields: [
        { id: "f1", label: ["Поле ", { input: "name" }], required: true },
        { id: "f2", label: "Поле 2", required: false },
      ],
      attachments: [{ id: "a1", label: "Скриншот", required: true }],
    };
    const bare: OutputDef = {
      kind: "ticket",
      id: null,
      title: "Просто",
      fields: [],
      attachments: [],
    };
    const flow = def({
      blocks: [{ outputs: [ticket, bare], next: { end: true } }],
      asks: [],
    });
    const s = start(flow, { name: "X" });
    expect(s.outputs).toEqual([
      {
        kind: "ticket",
        id: "t1",
        title: "Заказ X",
        queue: "Очередь X",
        priority: "high",
        fields: [
          { id: "f1", label: "Поле X", required: true },
          { id: "f2", label: "Поле 2", required: false },
        ],
        attachments: [{ id: "a1", label: "Скриншот", required: true }],
      },
      {
        kind: "ticket",
        id: null,
        title: "Просто",
        fields: [],
        attachments: [],
      },
    ]);
    expect(Object.keys(s.outputs[1]!)).toEqual([
      "kind",
      "id",
      "title",
      "fields",
      "attachments",
    ]);
    expect(result(s).tickets).toEqual(s.outputs);
  });
});

describe("result", () => {
  it("gives says, tickets and a transcript with each answered ask between the outputs", () => {
    const s = play(def(), { name: "Анна" }, ["Без id", "bad", "yes"]);
    const r = result(s);
    expect(r.status).toBe("done");
    expect(r.says).toEqual(["Здравствуйте, Анна!"]);
    expect(r.tickets).toEqual([]);
    expect(r.path).toEqual(s.path);
    expect(r.outputs).toEqual(s.outputs);
    const ask = (id: string, text: string, option: string, answer: string) => ({
      kind: "ask",
      id,
      text,
      option,
      answer,
    });
    expect(r.transcript).toEqual([
      { kind: "say", text: "Здравствуйте, Анна!" },
      ask("start", "Как дела, Анна?", "Без id", "Без id"),
      ask("start", "Как дела, Анна?", "bad", "Плохо"),
      { kind: "todo", text: "Потом" },
      ask("start#2", "Ещё?", "yes", "Да"),
      { kind: "note", text: "Нота" },
    ]);
  });

  it("works on a session still asking", () => {
    const r = result(start(def(), { name: "a" }));
    expect(r.status).toBe("asking");
    expect(r.transcript).toEqual([{ kind: "say", text: "Здравствуйте, a!" }]);
  });
});

describe("back and restart", () => {
  const flow = def();
  const s0 = start(flow, { name: "a" });

  it("back undoes the last choice, and at the first question returns the same session", () => {
    expect(back(s0)).toBe(s0);
    const s1 = pick(s0, "bad");
    const s2 = pick(s1, "yes");
    expect(back(s2)).toEqual(s1);
    expect(back(back(s2))).toEqual(s0);
    // A session rebuilt by back() goes on like the one it equals.
    expect(pick(back(s2), "yes")).toEqual(s2);
    const done = start(def({ entry: { block: 1 } }), { name: "a" });
    expect(back(done)).toBe(done);
  });

  it("restart starts over with the same inputs", () => {
    const s = play(flow, { name: "Анна" }, ["bad", "no"]);
    const again = restart(s);
    expect(again).toEqual(start(flow, { name: "Анна" }));
    expect(again.outputs[0]).toEqual({
      kind: "say",
      text: "Здравствуйте, Анна!",
    });
    expect(restart(again)).toBe(again);
  });
});

describe("serialize and restore", () => {
  const flow = def();

  it("serializes to a small JSON-safe value", () => {
    const s = play(flow, { name: "Анна" }, ["Без id", "bad"]);
    const data = serialize(s);
    // Both questions have derived ids, so their texts are saved too.
    expect(data).toEqual({
      v: 2,
      flow: "hand",
      hash: "h1",
      inputs: { name: "Анна" },
      choices: [
        ["start", "Без id", "Как дела, Анна?"],
        ["start", "bad", "Как дела, Анна?"],
      ],
    });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("restores the same session at every point of a walk", () => {
    let s: Session = start(flow, { name: "Анна" });
    for (const key of ["Без id", "bad", "yes"]) {
      expect(restore(flow, JSON.parse(JSON.stringify(serialize(s))))).toEqual(
        s,
      );
      s = pick(s, key);
    }
    expect(s.status).toBe("done");
    const again = restore(flow, serialize(s));
    expect(again).toEqual(s);
    expect(result(again)).toEqual(result(s));
    expect(back(again)).toEqual(back(s));
  });

  it("rejects values that are not a saved session", () => {
    const good = serialize(play(flow, { name: "a" }, ["bad"]));
    const bad = (value: unknown, code: FlowErrorCode = "invalid-session") =>
      expectError(() => restore(flow, value), code);
    bad(null);
    const e = bad(JSON.stringify(good));
    expect(e.message).toBe(
      "Not a saved session from serialize(): a JSON text; JSON.parse it first.",
    );
    bad([]);
    bad({ ...good, v: 3 });
    bad({ ...good, flow: undefined });
    bad({ ...good, hash: 1 });
    bad({ ...good, inputs: null });
    bad({ ...good, inputs: {} }, "missing-input");
    bad({ ...good, inputs: { name: 5 } }, "invalid-input");
    bad({ ...good, choices: "bad" });
    bad({ ...good, choices: [["start"]] });
    bad({ ...good, choices: [["start", 1]] });
    bad({ ...good, choices: [["start", "nope"]] });
    bad({ ...good, choices: [["start#2", "yes"]] });
    bad({
      ...good,
      choices: [
        ["start", "good"],
        ["start", "good"],
      ],
    });
    bad({ ...good, flow: "other" }, "flow-mismatch");
  });

  it("says which flow a session belongs to", () => {
    const e = expectError(
      () =>
        restore(flow, {
          ...serialize(start(flow, { name: "a" })),
          flow: "other",
        }),
      "flow-mismatch",
    );
    expect(e.message).toMatch(/"other".*"hand"/);
  });

  describe("after the flow changed", () => {
    const v1 = compiled(`
flow shop "Магазин"
ask situation "Что случилось?" {
  option late "Опоздание" { say "Извините за опоздание." }
  option broken "Сломано" -> broken
}
node broken {
  ask parts "Что сломано?" {
    option screen "Экран" { say "Заменим экран." }
    option "Корпус" { say "Заменим корпус." }
  }
}
`);
    const saved = serialize(play(v1, undefined, ["broken", "Корпус"]));

    it("lands on the same path when only texts changed", () => {
      const v2 = compiled(`
flow shop "Магазин"
ask situation "Что произошло?" {
  option late "Заказ опоздал" { say "Простите за опоздание." }
  option broken "Товар сломан" -> broken
}
node broken {
  note "Новая подсказка"
  ask parts "Какая часть сломана?" {
    option screen "Экран" { say "Заменим экран бесплатно." }
    option "Корпус" { say "Заменим корпус бесплатно." }
  }
}
`);
      expect(v2.hash).not.toBe(v1.hash);
      const s = restore(v2, saved);
      expect(s.status).toBe("done");
      expect(s.path).toEqual([
        { ask: "situation", option: "broken" },
        { ask: "parts", option: "Корпус" },
      ]);
      expect(s.outputs).toEqual([
        { kind: "note", text: "Новая подсказка" },
        { kind: "say", text: "Заменим корпус бесплатно." },
      ]);
    });

    it("fails at the first choice whose key is gone, naming it", () => {
      const v2 = compiled(`
flow shop "Магазин"
ask situation "Что случилось?" {
  option late "Опоздание" { say "Извините за опоздание." }
  option broken "Сломано" -> broken
}
node broken {
  ask parts "Что сломано?" {
    option screen "Экран" { say "Заменим экран." }
    option body "Корпус" { say "Заменим корпус." }
  }
}
`);
      expectError(
        () => restore(v2, saved),
        "restore-mismatch",
        /^Cannot restore: choice 2 answered "parts", but now: Question "parts" has no option "Корпус"\. Valid: "screen", "body" or 0-1\.$/,
      );
    });

    it("fails when another question comes first now, naming both", () => {
      const v2 = compiled(`
flow shop "Магазин"
ask situation "Что случилось?" {
  option late "Опоздание" { say "Извините за опоздание." }
  option broken "Сломано" -> check
}
node check {
  ask warranty "Есть гарантия?" {
    option yes "Да" -> broken
    option no "Нет" { say "Ремонт платный." }
  }
}
node broken {
  ask parts "Что сломано?" {
    option screen "Экран" { say "Заменим экран." }
    option "Корпус" { say "Заменим корпус." }
  }
}
`);
      expectError(
        () => restore(v2, saved),
        "restore-mismatch",
        /^Cannot restore: choice 2 answered "parts", but the flow now reaches "warranty" there\.$/,
      );
    });

    it("fails when the flow now ends before a recorded choice", () => {
      const v2 = compiled(`
flow shop "Магазин"
ask situation "Что случилось?" {
  option late "Опоздание" { say "Извините за опоздание." }
  option broken "Сломано" { say "Передаю мастеру." }
}
`);
      expectError(
        () => restore(v2, saved),
        "restore-mismatch",
        /choice 2 .*its end/,
      );
    });

    it("fails when another question now has the derived id the session answered (a question inserted before it)", () => {
      const v1 = compiled(`
flow refund
ask "Оформить возврат?" {
  option "Да" { say "Возврат оформлен." }
  option "Нет" { say "Хорошо." }
}
`);
      const v2 = compiled(`
flow refund
ask "Закрыть аккаунт?" {
  option "Да" { say "Аккаунт закрыт." }
  option "Нет" -> refund
}
node refund {
  ask "Оформить возврат?" {
    option "Да" { say "Возврат оформлен." }
    option "Нет" { say "Хорошо." }
  }
}
`);
      const saved = serialize(choose(start(v1) as AskingSession, "Да"));
      expect(saved.choices).toEqual([["start", "Да", "Оформить возврат?"]]);
      expect(v2.asks[0]!.id).toBe("start");
      expectError(
        () => restore(v2, saved),
        "restore-mismatch",
        /^Cannot restore: choice 1 answered "start" \("Оформить возврат\?"\), which now asks "Закрыть аккаунт\?"\.$/,
      );
      // The same text (or a saved value from before texts were kept) still restores.
      expect(restore(v1, { ...saved, hash: "old" }).outputs).toEqual([
        { kind: "say", text: "Возврат оформлен." },
      ]);
      expect(
        restore(v2, { ...saved, v: 1, choices: [["start", "Да"]] }).outputs,
      ).toEqual([{ kind: "say", text: "Аккаунт закрыт." }]);
    });

    it("keeps explicit ids across text edits, saving no text for them", () => {
      const v1 = compiled(`
flow refund
ask refund "Оформить возврат?" { option yes "Да" { say "Возврат оформлен." } }
`);
      const v2 = compiled(`
flow refund
ask refund "Оформляем возврат денег?" { option yes "Да, оформить" { say "Готово." } }
`);
      const saved = serialize(choose(start(v1) as AskingSession, "yes"));
      expect(saved.choices).toEqual([["refund", "yes"]]);
      expect(restore(v2, saved).outputs).toEqual([
        { kind: "say", text: "Готово." },
      ]);
    });

    it("fails when the flow now needs an input the session does not have", () => {
      const v2 = compiled(`
flow shop "Магазин"
input name "Имя"
ask situation "{name}, что случилось?" {
  option late "Опоздание" { say "Извините за опоздание." }
  option broken "Сломано" { say "Передаю мастеру." }
}
`);
      expectError(
        () => restore(v2, saved),
        "missing-input",
        /^Input "name" is missing from the saved session: give it in restore\(flow, data, \{ inputs \}\)\.$/,
      );
      // Its first choice still fits v2: given the input, that much restores.
      const first = { ...saved, choices: saved.choices.slice(0, 1) };
      const s = restore(v2, first, { inputs: { name: "Анна" } });
      expect(s.status).toBe("done");
      expect(s.path).toEqual([{ ask: "situation", option: "broken" }]);
      expect(serialize(s).inputs).toEqual({ name: "Анна" });
      // The saved values win over the ones given for what is missing.
      const named = serialize(start(v2, { name: "Борис" }));
      expect(restore(v2, named, { inputs: { name: "Анна" } }).ask?.text).toBe(
        "Борис, что случилось?",
      );
      expectError(
        () => restore(v2, saved, { inputs: { name: 1 } } as never),
        "invalid-input",
      );
      expectError(
        () => restore(v2, saved, { inputs: "Анна" } as never),
        "invalid-input",
      );
    });
  });
});

describe("invalid definitions", () => {
  const bad = (flow: unknown, where?: RegExp) =>
    expectError(
      () => start(flow as FlowDefinition, { name: "x" }),
      "invalid-definition",
      where,
    );
  const d = def();

  it("rejects what is not a compiled flow of this version", () => {
    bad(null, /the definition: null is not an object/);
    bad("{}");
    bad([]);
    bad({ ...d, format: "other" }, /format: "other" is not "flowc-definition"/);
    bad(
      { ...d, version: 1 },
      /^Not a valid compiled flow: version: 1 is not 3 \(build the flow with the matching flowc\)\.$/,
    );
    bad({ ...d, id: 1 }, /id: 1 is not a text/);
    bad({ ...d, title: 1 });
    bad({ ...d, hash: null });
    bad({ ...d, blocks: {} });
    bad({ ...d, asks: null });
    bad({ ...d, inputs: null }, /inputs: null is not a list/);
  });

  it("names the first wrong object", () => {
    const blocks = d.blocks.slice();
    blocks[1] = { ...blocks[1]!, next: { block: 7 } };
    // The rule and the path inside the definition, and no docs file the package does not ship.
    const e = bad(
      { ...d, blocks },
      /^Not a valid compiled flow: blocks\[1\]\.next: 7 is not an index into blocks\.$/,
    );
    expect(e.message).not.toMatch(/\.md/);
    bad({ ...d, entry: { ask: 5 } }, /entry/);
    bad({ ...d, entry: { ask: -1 } }, /entry/);
    bad({ ...d, entry: { block: "0" } }, /entry/);
    bad({ ...d, entry: { end: false } }, /entry/);
    bad({ ...d, entry: null }, /entry/);
    bad(
      { ...d, inputs: [{ name: 1, label: null }] },
      /inputs\[0\]\.name: 1 is not a text/,
    );
    bad({ ...d, inputs: [{ name: "name", label: 2 }] }, /inputs\[0\]/);
    bad({ ...d, inputs: ["name"] }, /inputs\[0\]/);
  });

  const withOutput = (output: unknown) => ({
    ...d,
    blocks: [{ outputs: [output], next: { end: true } }],
    asks: [],
  });

  it("checks every output", () => {
    const path = /blocks\[0\]\.outputs\[0\]/;
    bad(withOutput({ kind: "shout", text: "a" }), path);
    // Compared strictly: a list holding the word is not the word.
    bad(
      withOutput({ kind: ["ticket"], id: null, title: "T", fields: [], attachments: [] }),
      /outputs\[0\]\.kind: a list is not one of "say", "note", "todo", "ticket"\./,
    );
    bad(withOutput({ kind: "say", text: 1 }), path);
    bad(withOutput({ kind: "say", text: ["a", { input: "nobody" }] }), path);
    bad(withOutput({ kind: "say", text: ["a", 1] }), path);
    bad(withOutput({ kind: "say", text: [{ input: "__proto__" }] }), path);
    const ticket = {
      kind: "ticket",
      id: null,
      title: "T",
      fields: [],
      attachments: [],
    };
    expect(
      start(withOutput(ticket) as FlowDefinition, { name: "x" }).status,
    ).toBe("done");
    bad(withOutput({ ...ticket, id: 3 }), path);
    bad(withOutput({ ...ticket, title: null }), path);
    bad(withOutput({ ...ticket, queue: 5 }), path);
    bad(withOutput({ ...ticket, priority: "asap" }), path);
    bad(withOutput({ ...ticket, fields: null }), path);
    bad(
      withOutput({
        ...ticket,
        fields: [{ id: "f", label: "F", required: "yes" }],
      }),
      /outputs\[0\]\.fields\[0\]/,
    );
    bad(
      withOutput({
        ...ticket,
        attachments: [{ id: 1, label: "F", required: true }],
      }),
      /attachments\[0\]/,
    );
  });

  it("checks asks and options", () => {
    const ask = d.asks[0]!;
    bad({ ...d, asks: [{ ...ask, options: [] }, d.asks[1]] }, /asks\[0\]/);
    bad(
      {
        ...d,
        asks: [
          { ...ask, options: [ask.options[0], ask.options[0]] },
          d.asks[1],
        ],
      },
      /asks\[0\]/,
    );
    bad({ ...d, asks: [{ ...ask, id: 1 }, d.asks[1]] }, /asks\[0\]/);
    bad(
      {
        ...d,
        asks: [
          { ...ask, options: [{ key: "a", text: "A", next: { ask: 9 } }] },
          d.asks[1],
        ],
      },
      /asks\[0\]\.options\[0\]/,
    );
    bad(
      { ...d, asks: [ask, { ...d.asks[1]!, id: "start" }] },
      /asks\[1\]\.id: "start" is used twice/,
    );
    bad(
      { ...d, inputs: [d.inputs[0], d.inputs[0]] },
      /inputs\[1\]\.name: "name" is used twice/,
    );
    // A hole in a hand-made list is not skipped.
    // eslint-disable-next-line no-sparse-arrays
    bad(
      {
        ...d,
        asks: [
          { ...ask, options: [ask.options[0], , ask.options[1]] },
          d.asks[1],
        ],
      },
      /asks\[0\]\.options\[1\]/,
    );
  });

  it("stops a definition whose blocks loop forever instead of hanging", () => {
    const loop = def({
      entry: { block: 0 },
      blocks: [
        { outputs: [{ kind: "say", text: "a" }], next: { block: 1 } },
        { outputs: [], next: { block: 0 } },
      ],
      asks: [],
    });
    bad(
      loop,
      /^Not a valid compiled flow: blocks\[0\]: its jumps loop forever\.$/,
    );
    const later = def({
      blocks: [
        { outputs: [], next: { ask: 0 } },
        { outputs: [{ kind: "say", text: "a" }], next: { block: 1 } },
      ],
      asks: [
        {
          id: "q",
          derivedId: false,
          text: "Q",
          options: [{ key: "k", text: "K", next: { block: 1 } }],
        },
      ],
    });
    const s = start(later, { name: "x" });
    expectError(
      () => pick(s, "k"),
      "invalid-definition",
      /blocks\[1\]: its jumps loop forever/,
    );
  });
});

describe("big flows", () => {
  it("follows a 100,000-block jump chain and a 10,000-choice path without recursion", () => {
    const n = 100_000;
    const blocks = Array.from({ length: n }, (_, i) => ({
      outputs: i % 1000 === 0 ? [{ kind: "note" as const, text: `#${i}` }] : [],
      next: i + 1 < n ? { block: i + 1 } : { ask: 0 },
    }));
    const flow = def({
      inputs: [],
      blocks,
      asks: [
        {
          id: "loop",
          derivedId: false,
          text: "Ещё?",
          options: [
            { key: "again", text: "Ещё", next: { ask: 0 } },
            { key: "stop", text: "Всё", next: { end: true } },
          ],
        },
      ],
    });
    let s: Session = start(flow);
    expect(s.outputs).toHaveLength(100);
    for (let i = 0; i < 10_000; i++) s = pick(s, "again");
    expect(s.path).toHaveLength(10_000);
    expect(result(s).transcript).toHaveLength(10_100);
    const data = serialize(s);
    expect(restore(flow, data).path).toHaveLength(10_000);
  });
});
