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

/**
 * Expects `path` to hold `generated` (which starts with its begin marker and
 * ends with `end`); with FLOWC_UPDATE_DOCS=1 rewrites it there instead.
 */
function expectGenerated(path: string, generated: string, end: string): void {
  const text = readFileSync(path, "utf8");
  const begin = generated.slice(0, generated.indexOf("-->") + 3);
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  const current = from >= 0 && to > from ? text.slice(from, to + end.length) : "";
  if (process.env.FLOWC_UPDATE_DOCS === "1" && current !== generated) {
    writeFileSync(path, current ? text.replace(current, generated) : `${text}\n${generated}\n`);
    return;
  }
  expect(current).toBe(generated);
}

describe("docs/diagnostics.md", () => {
  it("lists every code with the severity and doc of the registry", () => {
    expectGenerated(docPath, table(), END);
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
    expectGenerated(languagePath, keywordTable(), KEYWORDS_END);
  });
});

// docs/checks.md's `reserved-word` section names the words, from the same table.
const checksPath = resolve(import.meta.dirname, "../docs/checks.md");
const RESERVED_BEGIN = "<!-- reserved:begin (generated from the keyword table) -->";
const RESERVED_END = "<!-- reserved:end -->";

function reservedWords(): string {
  const keywords = KEYWORDS.filter((k) => k.kind !== "reserved-name").map((k) => k.word);
  const names = KEYWORDS.filter((k) => k.kind === "reserved-name").map((k) => `\`${k.word}\``);
  return `${RESERVED_BEGIN}\`${keywords.join(" ")}\`, and ${names.join(", ")}${RESERVED_END}`;
}

describe("docs/checks.md", () => {
  it("names every keyword in the reserved-word section", () => {
    expectGenerated(checksPath, reservedWords(), RESERVED_END);
  });
});
