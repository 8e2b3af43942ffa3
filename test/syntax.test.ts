/**
 * Syntax fixtures: every test/fixtures/syntax/<case>.flow is parsed with
 * `parse`, and its diagnostics must equal <case>.expected, one per line as
 * `line:column code message`, with the hint (when there is one) on the next
 * line as `  hint: …` (empty for a clean file). FLOWC_UPDATE_FIXTURES=1
 * rewrites the expected files; review the diff.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "@flowc/dsl";
import { describe, expect, it } from "vitest";
import { describeDiagnostics } from "./support/diagnostics.js";

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
    const expectedPath = `${dir}${name}.expected`;
    const { source, diagnostics } = parse(text, `${name}.flow`);
    const actual = describeDiagnostics(source, diagnostics);
    if (process.env.FLOWC_UPDATE_FIXTURES === "1") writeFileSync(expectedPath, actual);
    expect(actual).toBe(readFileSync(expectedPath, "utf8"));
    for (const d of diagnostics) {
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.severity).toBe("error");
    }
  });
});
