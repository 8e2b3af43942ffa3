import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES, KEYWORDS } from "@flowc/dsl";

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

// docs/language.md's list of keywords is generated from the one keyword table.
const languagePath = resolve(import.meta.dirname, "../docs/language.md");
const KEYWORDS_BEGIN = "<!-- keywords:begin (generated from packages/dsl/src/syntax/keywords.ts) -->";
const KEYWORDS_END = "<!-- keywords:end -->";

const KIND_NAMES: Record<string, string> = {
  declaration: "declaration (top of the file)",
  statement: "statement",
  option: "an answer of an `ask`",
  "ticket-property": "inside a ticket's `{ }`",
  modifier: "end of a `field` or `attach` line",
  "reserved-name": "name of the entry",
};

function keywordTable(): string {
  const rows = KEYWORDS.map((k) => `| \`${k.word}\` | ${KIND_NAMES[k.kind] ?? k.kind} | ${k.description} |`);
  return [KEYWORDS_BEGIN, "| word | where | what it does |", "| --- | --- | --- |", ...rows, KEYWORDS_END].join("\n");
}

describe("docs/language.md", () => {
  it("lists every keyword of the keyword table", () => {
    const text = readFileSync(languagePath, "utf8");
    const start = text.indexOf(KEYWORDS_BEGIN);
    const end = text.indexOf(KEYWORDS_END);
    const current = start >= 0 && end > start ? text.slice(start, end + KEYWORDS_END.length) : "";
    if (process.env.FLOWC_UPDATE_DOCS === "1" && current !== keywordTable()) {
      writeFileSync(languagePath, text.replace(current, keywordTable()));
      return;
    }
    expect(current).toBe(keywordTable());
  });
});
