/**
 * One mistake, one error (LANGUAGE.md, "Checks"): each
 * test/fixtures/mistakes/<case>.flow is a valid flow with one slip in it.
 * Its first line says what the slip is, its second on which line it is.
 * `check` must give exactly one error, on that line, and every diagnostic
 * (message and hint in full) must equal <case>.expected.
 * docs/syntax-errors.md shows these cases with their real output; it is
 * generated from the fixtures. FLOWC_UPDATE_FIXTURES=1 rewrites the expected
 * files, FLOWC_UPDATE_DOCS=1 the doc; review the diff.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { check, formatDiagnostic, positionAt } from "@flowc/dsl";
import { describe, expect, it } from "vitest";
import { describeDiagnostics } from "./support/diagnostics.js";

const dir = fileURLToPath(new URL("./fixtures/mistakes/", import.meta.url));
const docPath = fileURLToPath(new URL("../docs/syntax-errors.md", import.meta.url));
const BEGIN = "<!-- mistakes:begin (generated from test/fixtures/mistakes by test/mistakes.test.ts) -->";
const END = "<!-- mistakes:end -->";

interface Case {
  readonly name: string;
  readonly title: string;
  readonly line: number;
  readonly text: string;
}

const cases: Case[] = readdirSync(dir)
  .filter((f) => f.endsWith(".flow"))
  .sort()
  .map((f) => {
    const text = readFileSync(`${dir}${f}`, "utf8");
    const [first = "", second = ""] = text.split("\n", 2);
    return {
      name: f.slice(0, -".flow".length),
      title: first.replace(/^\/\/\s*/, ""),
      line: Number(/^\/\/ mistake: line (\d+)$/.exec(second)?.[1] ?? Number.NaN),
      text,
    };
  });

describe("one mistake, one error", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const c of cases) expect(c.line, c.name).toBeGreaterThan(2);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = check(c.text, `${c.name}.flow`);
    const expectedPath = `${dir}${c.name}.expected`;
    const actual = describeDiagnostics(result.source, result.diagnostics);
    if (process.env.FLOWC_UPDATE_FIXTURES === "1") writeFileSync(expectedPath, actual);
    expect(actual).toBe(readFileSync(expectedPath, "utf8"));
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(positionAt(result.source, errors[0]!.span.start).line).toBe(c.line);
  });
});

/** The doc's generated part: each case's lines around the mistake, and `flowc check`'s output for it. */
function generated(): string {
  const parts: string[] = [BEGIN, ""];
  for (const c of cases) {
    const result = check(c.text, `${c.name}.flow`);
    parts.push(`### ${c.title}`, "");
    parts.push("```text");
    for (const d of result.diagnostics.filter((x) => x.severity === "error")) {
      parts.push(formatDiagnostic(d, result.source, { context: 1 }));
    }
    parts.push("```", "");
  }
  parts.push(END);
  return parts.join("\n");
}

describe("docs/syntax-errors.md", () => {
  it("shows every case with its real output (FLOWC_UPDATE_DOCS=1 rewrites it)", () => {
    const doc = readFileSync(docPath, "utf8");
    const begin = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    const fresh = generated();
    if (process.env.FLOWC_UPDATE_DOCS === "1") {
      const next = begin >= 0 && end > begin ? doc.slice(0, begin) + fresh + doc.slice(end + END.length) : `${doc}\n${fresh}\n`;
      writeFileSync(docPath, next);
      return;
    }
    expect(begin, "the doc has the generated part").toBeGreaterThanOrEqual(0);
    expect(doc.slice(begin, end + END.length)).toBe(fresh);
  });
});
