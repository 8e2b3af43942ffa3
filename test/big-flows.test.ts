/**
 * Flows at 200,000 of each kind of item an author controls the number of:
 * each must build (TypeScript and JSON), draw (Mermaid and DOT) and list its
 * paths through the public API without overflowing the stack — nothing may
 * recurse over such a list or spread it into a call (`push(...xs)`,
 * `Math.max(...xs)`), which fails somewhere past 100,000 items. And however
 * many problems a file has, it lists at most 1,000 of them plus one that counts
 * the rest. No timings are asserted: the timeouts only stop a hang.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  check,
  compile,
  emitTypeScript,
  findPaths,
  format,
  formatPaths,
  parse,
  toDot,
  toMermaid,
} from "@flowc/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowc } from "./support/cli.js";

const N = 200_000;
const LAST = N - 1;
const TIMEOUT = 600_000;

function many(line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < N; i++) out.push(line(i));
  return out.join("\n");
}

/** Like toContain, without printing megabytes when it fails. */
function expectToContain(text: string, part: string): void {
  expect(text.includes(part), `${text.length} characters holding ${JSON.stringify(part)}`).toBe(true);
}

interface BigFlow {
  readonly kind: string;
  readonly text: () => string;
  /** Something about the last item that the TypeScript module must contain. */
  readonly inModule: string;
  /** …and the text listing of the paths. */
  readonly inPaths: string;
}

const FLOWS: readonly BigFlow[] = [
  {
    kind: "options in one question",
    text: () => `flow big\nask q "Q?" {\n${many((i) => `  option o${i} "O${i}"`)}\n}\nsay "done"\n`,
    inModule: `  | "o${LAST}";`,
    // One path per option: the listing stops at its path cap.
    inPaths: "Stopped after 10,000 paths",
  },
  {
    kind: "fields in one ticket",
    text: () => `flow big\nsay "hi"\nticket t "T" {\n${many((i) => `  field f${i} "F${i}" required`)}\n}\n`,
    inModule: `id: "f${LAST}"`,
    inPaths: `  field f${LAST}: F${LAST} (required)`,
  },
  {
    kind: "attachments in one ticket",
    text: () => `flow big\nsay "hi"\nticket t "T" {\n${many((i) => `  attach a${i} "A${i}"`)}\n}\n`,
    inModule: `id: "a${LAST}"`,
    inPaths: `  attach a${LAST}: A${LAST}`,
  },
  {
    kind: "inputs",
    text: () =>
      `flow big\n${many((i) => `input i${i} "I${i}"`)}\nsay "${many((i) => `{i${i}}`).replace(/\n/g, "")}"\n`,
    inModule: `  i${LAST}: string;`,
    inPaths: `{i${LAST}}`,
  },
  {
    kind: "placeholders in one text",
    text: () => `flow big\ninput a\nsay "${"{a}".repeat(N)}"\n`,
    inModule: `{ input: "a" }`,
    inPaths: "{a}{a}",
  },
  {
    kind: "outputs in a row",
    text: () => `flow big\n${many((i) => `say "s${i}"`)}\n`,
    inModule: `text: "s${LAST}"`,
    inPaths: `say: s${LAST}`,
  },
  {
    kind: "questions in a row",
    text: () => `flow big\n${many((i) => `ask q${i} "Q${i}" {\n  option a "A"\n  option b "B"\n}`)}\nsay "done"\n`,
    inModule: `q${LAST}: "a" | "b";`,
    // Every path goes through every question: the listing stops at its item cap.
    inPaths: "Stopped after 200,000 items",
  },
  {
    kind: "nodes in a chain of jumps",
    text: () => `flow big\n-> n0\n${many((i) => `node n${i} {\n  say "s${i}"\n  -> n${i + 1}\n}`)}\nnode n${N} { end }\n`,
    inModule: `text: "s${LAST}"`,
    inPaths: `say: s${LAST}`,
  },
  {
    kind: "todo warnings",
    text: () => `flow big\n${many((i) => `todo "t${i}"`)}\n`,
    inModule: `text: "t${LAST}"`,
    inPaths: `todo: t${LAST}`,
  },
];

describe(`a flow at ${N.toLocaleString("en-US")} of each kind of item`, () => {
  for (const flow of FLOWS) {
    it(
      `${flow.kind}: builds to TypeScript and JSON, draws, and lists its paths`,
      () => {
        const result = compile(flow.text(), "big.flow");
        expect(result.errors).toBe(0);
        const definition = result.definition!;
        expect(result.json).toBe(JSON.stringify(definition));

        const module = emitTypeScript(definition, { sourceName: "big.flow" });
        expectToContain(module, flow.inModule);
        expect(module.endsWith("export default flow;\n")).toBe(true);

        const mermaid = toMermaid(result);
        expect(mermaid.startsWith("flowchart TD\n") && mermaid.endsWith("\n")).toBe(true);
        const dot = toDot(result);
        expect(dot.startsWith("digraph ") && dot.endsWith("}\n")).toBe(true);

        const paths = findPaths(result);
        expect(paths.count).toBeGreaterThan(0);
        expectToContain(formatPaths(paths, "text"), flow.inPaths);
        expect(formatPaths(paths, "md").startsWith("# Every way through `big`")).toBe(true);
        expect(formatPaths(paths, "json").startsWith('{\n  "format": "flowc-paths",')).toBe(true);
      },
      TIMEOUT,
    );
  }
});

describe("a file with very many problems", () => {
  it("lists the first 1,000 and counts the rest in one more, at the first one not listed", () => {
    // A `say` without its text on every line: one syntax error each.
    const text = `flow broken\nsay "hi"\n${"say\n".repeat(3_000)}`;
    const all = parse(text, "broken.flow").diagnostics;
    expect(all.length).toBeGreaterThanOrEqual(3_000);
    const checked = check(text, "broken.flow");
    expect(checked.diagnostics).toHaveLength(1_001);
    expect(checked.diagnostics.slice(0, 1_000)).toEqual(all.slice(0, 1_000));
    const last = checked.diagnostics[1_000]!;
    expect(last.code).toBe("too-many-diagnostics");
    expect(last.severity).toBe("error");
    const rest = (all.length - 1_000).toLocaleString("en-US");
    expect(last.message).toBe(
      `Only the first 1,000 problems of a file are listed: ${rest} more problems from here on are not (${rest} errors).`,
    );
    expect(last.span).toEqual(all[1_000]!.span);
    // The counts are the file's, not the list's.
    expect(checked.errors).toBeGreaterThanOrEqual(all.length);
  });

  it("formatting a broken file lists its syntax errors the same way", () => {
    const formatted = format(`flow broken\nsay "hi"\n${"say\n".repeat(1_500)}`, "broken.flow");
    expect(formatted.text).toBeNull();
    expect(formatted.diagnostics).toHaveLength(1_001);
    expect(formatted.diagnostics[1_000]!.code).toBe("too-many-diagnostics");
    expect(formatted.diagnostics[1_000]!.message).toMatch(/ more problems from here on are not \(/);
  });

  it("counts warnings as a warning, so the file still passes without --strict", () => {
    const text = `flow todos\nsay "hi"\n${"todo \"later\"\n".repeat(1_500)}`;
    const checked = check(text, "todos.flow");
    expect(checked.diagnostics).toHaveLength(1_001);
    expect(checked.errors).toBe(0);
    expect(checked.warnings).toBe(1_500);
    const last = checked.diagnostics[1_000]!;
    expect(last.code).toBe("too-many-diagnostics");
    expect(last.severity).toBe("warning");
    expect(last.message).toContain("500 more problems from here on are not (500 warnings).");
    expect(compile(text).definition).not.toBeNull();
  });

  it("is an error when any problem not listed is one", () => {
    const text = `flow mixed\nsay "hi"\n${"todo \"later\"\n".repeat(1_200)}-> nowhere\n`;
    const checked = check(text, "mixed.flow");
    const last = checked.diagnostics[1_000]!;
    expect(last.severity).toBe("error");
    expect(last.message).toContain("201 more problems from here on are not (1 error, 200 warnings).");
  });

  it("keeps a file with exactly 1,000 problems as it is", () => {
    const checked = check(`flow todos\nsay "hi"\n${"todo \"later\"\n".repeat(1_000)}`);
    expect(checked.diagnostics).toHaveLength(1_000);
    expect(checked.diagnostics.every((d) => d.code === "todo")).toBe(true);
  });
});

describe("flowc on big flows", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "flowc-big-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    `paths --check shows what changed in a ticket of ${N.toLocaleString("en-US")} fields`,
    async () => {
      const flow = FLOWS.find((f) => f.kind === "fields in one ticket")!;
      const text = flow.text();
      await writeFile(join(dir, "big.flow"), text);
      const listed = formatPaths(findPaths(check(text, "big.flow")), "text");
      // The committed listing differs in the first and the last field: the diff spans them all.
      const golden = listed
        .replace("  field f0: F0 (required)", "  field f0: old (required)")
        .replace(`  field f${LAST}: F${LAST} (required)`, `  field f${LAST}: old (required)`);
      await writeFile(join(dir, "big.paths.txt"), golden);
      const run = await flowc(["paths", "big.flow", "--check", "big.paths.txt"], { cwd: dir });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("out of date big.paths.txt: it no longer matches big.flow (2 lines added, 2 removed)");
      expectToContain(run.stdout, `+  field f${LAST}: F${LAST} (required)`);
    },
    TIMEOUT,
  );

  it(
    "check --format json prints a bounded report for 300,000 syntax errors",
    async () => {
      await writeFile(join(dir, "broken.flow"), `flow broken\nsay "hi"\n${"say\n".repeat(300_000)}`);
      const run = await flowc(["check", "broken.flow", "--format", "json"], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout.length).toBeLessThan(1_000_000);
      const report = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
      expect(report.diagnostics).toHaveLength(1_001);
      expect(report.diagnostics.slice(0, 1_000).every((d) => d.code === "syntax")).toBe(true);
      const last = report.diagnostics[1_000]!;
      expect(last.code).toBe("too-many-diagnostics");
      const rest = /: ([\d,]+) more problems from here on are not \(\1 errors\)\.$/.exec(last.message);
      expect(rest, last.message).not.toBeNull();
      expect(Number(rest![1]!.replace(/,/g, ""))).toBeGreaterThanOrEqual(299_000);
    },
    TIMEOUT,
  );
});
