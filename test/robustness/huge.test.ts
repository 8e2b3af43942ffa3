/**
 * Huge and deep flows check and build (compile + emitTypeScript) without a
 * stack overflow and within a memory budget: each runs in a child `node`
 * (default stack size) over a bundle of the current sources, which reports
 * its peak resident memory. CI runs the cheap cases at full size and the
 * expensive ones at a fifth of it; `npm run fuzz` (FLOWC_FUZZ_RUNS set) or
 * FLOWC_HUGE=1 runs every case at full size. The budgets and the figures
 * measured are in docs/security.md.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, deep, root, tempDir } from "./support.js";

const full = deep || process.env.FLOWC_HUGE === "1";

interface Report {
  name: string;
  n: number;
  sourceBytes: number;
  codes: Record<string, number>;
  errors: number;
  built: boolean;
  emittedBytes: number;
  steps: number;
  ms: Record<string, number>;
  peakRssMb: number;
}

interface Case {
  readonly name: string;
  readonly n: number;
  /** Peak resident memory allowed, in MB. */
  readonly budgetMb: number;
  readonly expect: (r: Report) => void;
}

const built = (steps: number) => (r: Report) => {
  expect(r.errors).toBe(0);
  expect(r.built).toBe(true);
  expect(r.emittedBytes).toBeGreaterThan(0);
  expect(r.steps).toBe(steps);
};
const tooDeep = (r: Report) => {
  expect(r.codes["too-deep"]).toBe(1);
  expect(r.built).toBe(false);
};

const ASKS = full ? 100_000 : 20_000;
const CHAIN = full ? 100_000 : 20_000;
const CASES: Case[] = [
  // 100,000 questions, 10 MB of source; the most memory of all.
  { name: "asks", n: ASKS, budgetMb: full ? 1_536 : 512, expect: built(2_000) },
  { name: "say-jumps", n: CHAIN, budgetMb: full ? 1_024 : 512, expect: built(0) },
  { name: "pure-jumps", n: 100_000, budgetMb: 768, expect: built(0) },
  // 200 levels: the most LANGUAGE.md (v2) guarantees.
  { name: "nesting", n: 200, budgetMb: 256, expect: built(200) },
  { name: "nesting", n: 201, budgetMb: 256, expect: tooDeep },
  { name: "nesting", n: 5_000, budgetMb: 256, expect: tooDeep },
  {
    name: "nesting-unclosed",
    n: 5_000,
    budgetMb: 256,
    expect: (r) => {
      expect(r.codes["too-deep"]).toBe(1);
      expect(r.codes.syntax).toBeGreaterThan(0);
    },
  },
  { name: "options", n: 10_000, budgetMb: 384, expect: built(1) },
  { name: "text", n: 1_000_000, budgetMb: 256, expect: built(0) },
];

let dir: string;
const reports: Report[] = [];

beforeAll(async () => {
  dir = tempDir("huge");
  await bundle(dir, { runner: join(root, "test/robustness/huge-runner.ts") });
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `[huge] ${full ? "full" : "CI"} sizes\n${reports
      .map((r) => `${r.name} ${r.n}: ${(r.sourceBytes / 1e6).toFixed(1)} MB source, compile ${r.ms.compile} ms, emit ${r.ms.emit} ms, peak ${r.peakRssMb} MB`)
      .join("\n")}`,
  );
});

function runCase(c: Case): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, "runner.mjs"), c.name, String(c.n)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code !== 0) reject(new Error(`${c.name} ${c.n} exited with ${code ?? signal}:\n${err.slice(0, 2_000)}`));
      else resolve(JSON.parse(out) as Report);
    });
  });
}

/** The children run two at a time (the CI machine has two cores), all started at once. */
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
const results = new Map<Case, Promise<Report>>();
beforeAll(() => {
  for (const c of CASES) {
    const p = limited(() => runCase(c));
    p.catch(() => undefined); // reported by the case's own test
    results.set(c, p);
  }
});

describe("huge and deep flows check and build within budget", () => {
  for (const c of CASES) {
    it(`${c.name} ${c.n.toLocaleString("en")}`, async () => {
      const r = await results.get(c)!;
      reports.push(r);
      c.expect(r);
      expect(r.peakRssMb, `peak memory of ${c.name} ${c.n}`).toBeLessThan(c.budgetMb);
    }, 600_000);
  }
});
