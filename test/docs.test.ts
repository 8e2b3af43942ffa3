import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES } from "@flowc/dsl";

// docs/diagnostics.md's table is generated from the one registry of codes;
// run with FLOWC_UPDATE_DOCS=1 to rewrite it after changing codes.ts.
const docPath = resolve(import.meta.dirname, "../docs/diagnostics.md");
const BEGIN = "<!-- codes:begin (generated from packages/dsl/src/codes.ts) -->";
const END = "<!-- codes:end -->";

function table(): string {
  const rows = Object.entries(CODES).map(
    ([code, { severity, doc }]) => `| [\`${code}\`](checks.md#${code}) | ${severity} | ${doc} |`,
  );
  return [BEGIN, "| code | severity | when |", "| --- | --- | --- |", ...rows, END].join("\n");
}

describe("docs/diagnostics.md", () => {
  it("lists every code with the severity and doc of the registry", () => {
    const text = readFileSync(docPath, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    const current = start >= 0 && end > start ? text.slice(start, end + END.length) : "";
    if (process.env.FLOWC_UPDATE_DOCS === "1" && current !== table()) {
      writeFileSync(docPath, current ? text.replace(current, table()) : `${text}\n${table()}\n`);
      return;
    }
    expect(current).toBe(table());
  });
});
