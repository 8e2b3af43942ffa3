/**
 * The runtime's limits (docs/security.md): memory bounded by the flow and the
 * session's own history, a cap on the choices a session holds (refused before
 * any work when a saved session is over it), and loading linear in the size
 * of a definition.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import {
  choose,
  restore,
  serialize,
  start,
  type FlowDefinition,
  type Session,
} from "@flowc/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { thrown } from "./support/flow-error.js";

const root = join(import.meta.dirname, "..");

const loop: FlowDefinition = {
  format: "flowc-definition",
  version: 3,
  id: "loop",
  title: null,
  hash: "h",
  inputs: [],
  entry: { ask: 0 },
  blocks: [{ outputs: [{ kind: "say", text: "Ещё" }], next: { ask: 0 } }],
  asks: [
    {
      id: "menu",
      derivedId: false,
      text: "Ещё?",
      options: [
        { key: "again", text: "Ещё", next: { block: 0 } },
        { key: "stop", text: "Всё", next: { end: true } },
      ],
    },
  ],
  matches: [],
};

describe("memory", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowc-runtime-memory-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is bounded by the session's own history: 30,000 choices played and 20 big sessions restored in a 160 MB heap keep nothing", () => {
    const bundle = join(dir, "runtime.mjs");
    buildSync({
      entryPoints: [join(root, "packages/runtime/src/index.ts")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      outfile: bundle,
      logLevel: "silent",
    });
    const run = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "--max-old-space-size=160",
        join(root, "test/fixtures/runtime-memory/play.mjs"),
        bundle,
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, number | string>;
    expect(report.oneSessionChoices).toBe(10_000);
    expect(report.past).toBe("too-many-choices");
    // About a kilobyte per choice at most: its step, outputs and the session's arrays.
    expect(report.oneSessionMb).toBeLessThan(12);
    // Nothing is left of sessions no one holds, nor of the restores.
    expect(report.afterPlayMb).toBeLessThan(2);
    expect(report.afterRestoresMb).toBeLessThan(2);
    expect(report.savedKb).toBeGreaterThan(100);
  });
});

describe("choices per session", () => {
  it("refuses a choice past 10,000 with too-many-choices", () => {
    let s: Session = start(loop);
    for (let i = 0; i < 10_000; i++) s = choose(s as never, "again");
    const e = thrown(() => choose(s as never, "again"));
    expect(e.code).toBe("too-many-choices");
    expect(e.message).toBe(
      "A session holds at most 10000 choices, not 10001: start a new one.",
    );
    // A session at the limit saves and restores.
    expect(restore(loop, serialize(s)).path).toHaveLength(10_000);
  });

  it("refuses a saved session with more choices before reading any of them", () => {
    let reads = 0;
    const choices = new Proxy(new Array(10_001).fill(["menu", "again"]), {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const data = { ...serialize(start(loop)), choices };
    const e = thrown(() => restore(loop, data));
    expect(e.code).toBe("too-many-choices");
    expect(reads).toBe(0);
    // A million choices: the same answer, at once.
    const huge = { ...data, choices: new Array(1_000_000) };
    expect(thrown(() => restore(loop, huge)).message).toBe(
      "A session holds at most 10000 choices, not 1000000: start a new one.",
    );
  });
});

describe("loading", () => {
  it("is linear in inputs × placeholders: 100,000 inputs, all used in one text", () => {
    const n = 100_000;
    const names = Array.from({ length: n }, (_, i) => `input_${i}`);
    const flow: FlowDefinition = {
      ...loop,
      inputs: names.map((name) => ({ name, label: null })),
      blocks: [
        {
          outputs: [{ kind: "say", text: names.map((input) => ({ input })) }],
          next: { end: true },
        },
      ],
      entry: { block: 0 },
      asks: [],
    };
    const given = Object.fromEntries(
      names.map((name, i) => [name, String(i % 10)]),
    );
    const s = start(flow, given);
    expect(s.status).toBe("done");
    expect(s.outputs[0]).toMatchObject({ kind: "say" });
    expect((s.outputs[0] as { text: string }).text).toHaveLength(n);
    // A missing one is named, and the list of inputs in the message stays short.
    const { input_99999: _, ...missing } = given;
    const e = thrown(() => start(flow, missing));
    expect(e.code).toBe("missing-input");
    expect(e.message).toMatch(/^Input "input_99999" is missing/);
    expect(e.message.length).toBeLessThan(600);
  });
});
