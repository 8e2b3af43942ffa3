/**
 * Syntax fixtures: every test/fixtures/syntax/<case>.flow is parsed with
 * `parse` and its diagnostics, as `line:column code` in source order, must
 * equal the lines of <case>.expected (empty for a clean file).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, positionAt } from "@flowc/dsl";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("./fixtures/syntax/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".flow"))
  .map((f) => f.slice(0, -".flow".length))
  .sort();

describe("syntax fixtures", () => {
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases)("%s", (name) => {
    const text = readFileSync(`${dir}${name}.flow`, "utf8");
    const expected = readFileSync(`${dir}${name}.expected`, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    const { source, diagnostics } = parse(text, `${name}.flow`);
    const actual = diagnostics.map((d) => {
      const { line, column } = positionAt(source, d.span.start);
      return `${line}:${column} ${d.code}`;
    });
    expect(actual).toEqual(expected);
    for (const d of diagnostics) {
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.severity).toBe("error");
    }
  });
});
