/**
 * The runtime never trusts its inputs: a definition that is not valid, a
 * serialized session that was tampered with, truncated or belongs to another
 * flow, inputs with `__proto__` or `constructor` keys — each is either
 * accepted as the valid value it is, or rejected with a FlowError whose code
 * names the problem. Never a TypeError, never a hang, never a polluted
 * Object.prototype.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { compile } from "@flowc/dsl";
import {
  choose,
  type FlowDefinition,
  FlowError,
  type FlowErrorCode,
  restore,
  serialize,
  type Session,
  start,
} from "@flowc/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { flowc as flowcCli } from "../support/cli.js";
import { cpuMs, fuzzRuns, fuzzSeed, root } from "./support.js";

function compiled(text: string): FlowDefinition {
  const r = compile(text);
  if (!r.definition) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.definition;
}

const flowSource = `
flow hostile "Hostile"
input valueOf "Proto"
input constructor "Ctor"
say "Hello {valueOf} {constructor}"
ask toString "Pick" {
  option __proto__ "P" -> constructor
  option valueOf "V" { say "v" }
  option "hasOwnProperty" { ticket t "T {constructor}" { field __proto__ "F" required } }
}
node constructor {
  ask prototype "Again?" {
    option again "Again" -> start
    option stop "Stop" { say "bye" }
  }
}
`;
const flow = compiled(flowSource);
// An input cannot be called __proto__ (reserved-word: a host's object literal would lose it);
// one given anyway is an unknown key, ignored.
const inputs = JSON.parse('{"__proto__": "x", "valueOf": "p", "constructor": "c"}') as Record<string, string>;

/** Every way a FlowError may name a problem with what the host passed. */
const CODES: readonly FlowErrorCode[] = [
  "invalid-definition",
  "missing-input",
  "invalid-input",
  "session-done",
  "unknown-option",
  "invalid-session",
  "flow-mismatch",
  "restore-mismatch",
  "too-many-choices",
];

function flowError(fn: () => unknown): FlowError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FlowError);
    return error as FlowError;
  }
  throw new Error("expected a FlowError, but nothing was thrown");
}

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join();
const cleanProto = protoKeys();
const cleanArray = Object.getOwnPropertyNames(Array.prototype).sort().join();
afterEach(() => {
  expect(protoKeys()).toBe(cleanProto);
  expect(Object.getOwnPropertyNames(Array.prototype).sort().join()).toBe(cleanArray);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe("inputs, ids and keys named like Object.prototype", () => {
  it("plays a flow whose inputs, asks, options and nodes are called __proto__, constructor, toString", () => {
    let s: Session = start(flow, inputs);
    expect(s.outputs).toEqual([{ kind: "say", text: "Hello p c" }]);
    expect(s.ask?.id).toBe("toString");
    s = choose(s as never, "__proto__");
    expect(s.ask?.id).toBe("prototype");
    s = choose(s as never, "again");
    s = choose(s as never, "hasOwnProperty");
    expect(s.status).toBe("done");
    expect(s.outputs.at(-1)).toMatchObject({ kind: "ticket", id: "t", title: "T c" });
    const again = restore(flow, JSON.parse(JSON.stringify(serialize(s))));
    expect(again).toEqual(s);
  });

  it("never reads inputs from the prototype chain", () => {
    // Inherited values are not given values.
    const inherited = Object.create({ constructor: "c", valueOf: "p" }) as Record<string, string>;
    expect(flowError(() => start(flow, inherited)).code).toBe("missing-input");
    // {} has a `constructor` (a function) on its prototype: still missing, never used.
    expect(flowError(() => start(flow, {} as never)).code).toBe("missing-input");
    // An object, not a text, under __proto__ (JSON makes it an own key).
    const polluting = JSON.parse('{"__proto__": {"polluted": 1}, "valueOf": {"polluted": 1}, "constructor": "c"}') as Record<
      string,
      string
    >;
    expect(flowError(() => start(flow, polluting)).code).toBe("invalid-input");
  });

  it("refuses unknown keys named like Object.prototype members", () => {
    const s = start(flow, inputs) as Session;
    for (const key of ["constructor", "prototype", "__defineGetter__", "isPrototypeOf", "length", "0x0", "-0", "1e0"]) {
      const e = flowError(() => choose(s as never, key as never));
      expect(e.code).toBe("unknown-option");
    }
    for (const index of [-1, 3, 1.5, Number.NaN, Infinity, -0.5, 2 ** 53]) {
      expect(flowError(() => choose(s as never, index)).code).toBe("unknown-option");
    }
    for (const key of [null, undefined, {}, [], true, Symbol("x"), 1n]) {
      expect(flowError(() => choose(s as never, key as never)).code).toBe("unknown-option");
    }
  });
});

describe("the command line with hostile names", () => {
  it("plays inputs and options called valueOf, __proto__ and constructor (flowc run)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flowc-hostile-"));
    try {
      writeFileSync(join(dir, "h.flow"), flowSource);
      const r = await flowcCli(["run", "h.flow", "--input", "valueOf=p", "--input", "constructor=c", "--choose", "hasOwnProperty"], { cwd: dir });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Hello p c");
      expect(r.stdout).toContain("T c");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("definitions that are not what they claim", () => {
  const good = JSON.stringify(flow);
  const clone = () => JSON.parse(good) as Record<string, unknown> & { blocks: any[]; asks: any[]; inputs: any[]; entry: any };

  it("rejects the wrong format or version", () => {
    for (const patch of [{ format: "flowc" }, { version: 2 }, { version: 4 }, { version: "3" }, { format: undefined }]) {
      expect(flowError(() => start({ ...clone(), ...patch } as never, inputs)).code).toBe("invalid-definition");
    }
    for (const value of [null, undefined, 1, "flow", [], () => 1]) {
      expect(flowError(() => start(value as never, inputs)).code).toBe("invalid-definition");
    }
  });

  it("rejects broken references", () => {
    const cases: ((d: ReturnType<typeof clone>) => void)[] = [
      (d) => (d.entry = { block: 999 }),
      (d) => (d.entry = { ask: -1 }),
      (d) => (d.entry = { ask: 0.5 }),
      (d) => (d.entry = { ask: "0" }),
      (d) => (d.entry = {}),
      (d) => (d.entry = { end: false }),
      (d) => (d.asks[0].options[0].next = { ask: d.asks.length }),
      (d) => (d.blocks[0].next = { block: "__proto__" }),
      (d) => (d.blocks[0].next = JSON.parse('{"__proto__": {"end": true}}')),
      (d) => (d.blocks[0].outputs[0].text = [{ input: "nobody" }]),
      (d) => (d.blocks[0].outputs[0].text = [{ input: "toString" }]),
    ];
    for (const edit of cases) {
      const d = clone();
      edit(d);
      expect(flowError(() => start(d as never, inputs)).code).toBe("invalid-definition");
    }
  });

  it("rejects wrong types, duplicates and missing lists", () => {
    const cases: ((d: ReturnType<typeof clone>) => void)[] = [
      (d) => (d.blocks = {} as never),
      (d) => (d.asks = null as never),
      (d) => (d.inputs = [{ name: 1 }]),
      (d) => (d.inputs = [...d.inputs, d.inputs[0]]),
      (d) => (d.asks[0].options = []),
      (d) => (d.asks[0].options[1].key = d.asks[0].options[0].key),
      (d) => (d.asks[1].id = d.asks[0].id),
      (d) => (d.blocks[0].outputs[0].kind = "script"),
      (d) => (d.blocks[0].outputs[0].kind = "__proto__"),
      (d) => (d.blocks[0].outputs[0].text = 42),
      (d) => (d.blocks[0].outputs = [null]),
      (d) => (d.id = null),
      (d) => (d.hash = undefined),
    ];
    for (const edit of cases) {
      const d = clone();
      edit(d);
      expect(flowError(() => start(d as never, inputs)).code).toBe("invalid-definition");
    }
  });

  it("stops blocks that loop forever instead of hanging", () => {
    const d = clone();
    d.blocks = [{ outputs: [{ kind: "say", text: "x" }], next: { block: 0 } }];
    d.entry = { block: 0 };
    expect(flowError(() => start(d as never, inputs)).code).toBe("invalid-definition");
  });

  /** Every path to a value inside a JSON value (objects and arrays). */
  function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    out.push(at);
    if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
    return out;
  }

  const junk = fc.constantFrom<unknown>(
    null, -1, 0, 1, 2, 1e9, 1.5, Number.MAX_SAFE_INTEGER + 2, "", "x", "__proto__", true, false, {}, [], [null], { end: true },
    { block: 0 }, { ask: 0 }, { input: "__proto__" }, "DELETE", "PROTO",
  );

  it("turns every random corruption into a FlowError or a working session (fuzz)", () => {
    const seeds = [flow, compiled(readFileSync(join(root, "flows/order-status.flow"), "utf8"))].map((d) => JSON.stringify(d));
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), junk), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (text, edits, walk) => {
        const d = JSON.parse(text) as Record<string, unknown>;
        for (const [at, value] of edits) {
          const all = paths(d).filter((p) => p.length > 0);
          const path = all[at % all.length]!;
          let parent = d as Record<string | number, unknown>;
          for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
          const key = path.at(-1)!;
          if (value === "DELETE") delete parent[key];
          // An own `__proto__` key, as JSON.parse makes it.
          else if (value === "PROTO") parent[key] = JSON.parse('{"__proto__": {"polluted": true}, "end": true}');
          else parent[key] = structuredClone(value);
        }
        // Plain JSON again, as a host would load it.
        const hostile = JSON.parse(JSON.stringify(d)) as FlowDefinition;
        const given = Object.fromEntries(
          (Array.isArray(hostile.inputs) ? hostile.inputs : []).map((i) => [typeof i?.name === "string" ? i.name : "x", "v"]),
        );
        try {
          let s: Session = start(hostile, given as never);
          for (const k of walk) {
            if (s.status !== "asking") break;
            s = choose(s as never, k % s.ask.options.length);
            restore(hostile, JSON.parse(JSON.stringify(serialize(s))));
          }
        } catch (error) {
          if (!(error instanceof FlowError)) throw error;
          expect(CODES).toContain(error.code);
          expect(error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed(5) },
    );
  });
});

describe("serialized sessions that were tampered with", () => {
  const walked = (keys: string[]): Session => {
    let s: Session = start(flow, inputs);
    for (const k of keys) s = choose(s as never, k);
    return s;
  };
  const saved = serialize(walked(["__proto__", "again", "valueOf"]));

  it("restores an honest session exactly", () => {
    expect(restore(flow, JSON.parse(JSON.stringify(saved)))).toEqual(walked(["__proto__", "again", "valueOf"]));
  });

  it("rejects altered or truncated data with invalid-session", () => {
    const bad: unknown[] = [
      { ...saved, choices: [...saved.choices, ["toString", "valueOf"]] }, // a choice after the end
      { ...saved, choices: [["toString", "nope"]] },
      { ...saved, choices: [["prototype", "again"]] }, // not the first question
      { ...saved, choices: [["toString"]] }, // a truncated pair
      { ...saved, choices: [["toString", "__proto__", "question text", "extra"]] },
      { ...saved, choices: [["toString", "__proto__", 3]] }, // a question text that is not a text
      { ...saved, choices: [null] },
      { ...saved, choices: JSON.parse('{"__proto__": []}') },
      { ...saved, inputs: [] },
      { ...saved, inputs: JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "c"}') },
      { ...saved, v: 3 },
      { v: 1, flow: "hostile" }, // truncated: most of it is missing
      JSON.parse('{"__proto__": {"v": 1, "flow": "hostile"}}'), // everything inherited
      "{}",
      null,
      [],
    ];
    for (const value of bad) {
      const e = flowError(() => restore(flow, value));
      expect(["invalid-session", "invalid-input", "missing-input"]).toContain(e.code);
    }
  });

  it("says so when the session belongs to another flow", () => {
    const other = compiled('flow other\nsay "x"\n');
    expect(flowError(() => restore(other, saved)).code).toBe("flow-mismatch");
    expect(flowError(() => restore(flow, { ...saved, flow: "__proto__" })).code).toBe("flow-mismatch");
  });

  it("replays by ask id and key when the hash differs, and fails clearly when they no longer match", () => {
    // A forged hash is only "the flow changed": the replay itself must match.
    expect(restore(flow, { ...saved, hash: "0".repeat(64) })).toEqual(walked(["__proto__", "again", "valueOf"]));
    const e = flowError(() => restore(flow, { ...saved, hash: "x", choices: [["toString", "gone"]] }));
    expect(e.code).toBe("restore-mismatch");
    expect(e.message).toContain("gone");
  });

  it("turns every random corruption of a saved session into a FlowError or a valid session (fuzz)", () => {
    const text = JSON.stringify(saved);
    const junk = fc.constantFrom<unknown>(null, 1, -1, "", "again", "toString", "__proto__", [], {}, ["toString", "valueOf"], true);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), junk), { minLength: 1, maxLength: 3 }), fc.nat(), (edits, cut) => {
        let data = JSON.parse(text) as Record<string, unknown>;
        for (const [which, at, value] of edits) {
          const keys = ["v", "flow", "hash", "inputs", "choices"];
          const key = keys[which % keys.length]!;
          const current = data[key];
          if (Array.isArray(current) && at % 3 === 0) current.length = at % (current.length + 1); // truncated
          else if (Array.isArray(current) && current.length > 0) current[at % current.length] = structuredClone(value);
          else data[key] = structuredClone(value);
        }
        // Also a serialized text cut short, when it still parses.
        const json = JSON.stringify(data);
        try {
          data = JSON.parse(json.slice(0, json.length - (cut % 3))) as Record<string, unknown>;
        } catch {
          // Not JSON any more: the host's JSON.parse fails before restore is called.
        }
        try {
          const s = restore(flow, data);
          // A success is a real session of this flow: serializing it again gives the same choices.
          expect(serialize(s).choices).toEqual((data.choices as unknown[]).slice(0, s.path.length));
        } catch (error) {
          if (!(error instanceof FlowError)) throw error;
          expect(CODES).toContain(error.code);
        }
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed(6) },
    );
  });
});

describe("cost of hostile sessions", () => {
  it("restores a session with many recorded choices in time linear in their number", () => {
    // A tampered (or just very long) session must not freeze the agent's browser.
    const cost = (n: number, runs: number, pick: (values: number[]) => number) => {
      const data = { ...serialize(start(flow, inputs)), choices: [] as string[][] };
      for (let i = 0; i < n; i++) data.choices.push(i % 2 === 0 ? ["toString", "__proto__"] : ["prototype", "again"]);
      const times = Array.from({ length: runs }, () =>
        cpuMs(() => {
          try {
            restore(flow, data);
          } catch (error) {
            // Refusing a session this long (a FlowError) is a fine answer too.
            if (!(error instanceof FlowError)) throw error;
          }
        }),
      );
      return Math.max(pick(times), 0.5);
    };
    const fastest = (t: number[]) => Math.min(...t);
    cost(2000, 1, fastest); // warm-up
    // The fastest of several runs on both sides: a few milliseconds are easily doubled by
    // one garbage collection (one run measured 4.2 ms → 102.6 ms, 24×, with medians of 1,000 and 8,000).
    const small = cost(2000, 5, fastest);
    // 8 times the choices: linear work costs about 8 times more, quadratic 64.
    const big = cost(16000, 3, fastest);
    expect(big / small, `${small.toFixed(1)} ms → ${big.toFixed(1)} ms for 8× the choices`).toBeLessThan(24);
  });
});
