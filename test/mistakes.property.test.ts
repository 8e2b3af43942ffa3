/**
 * One mistake, one error, as a property: take a valid flow (the flows of
 * flows/ and the clean check fixtures), make one random slip in it, and
 * `check` must give exactly one error, on the line of the slip.
 *
 * The slips: a keyword that starts a line misspelt (a letter dropped,
 * doubled, replaced or swapped with its neighbour) or written with a
 * Cyrillic look-alike letter; a one-line text put in other quotes; a `#`
 * comment line inserted; a jump's target misspelt; a `}` deleted.
 *
 * Documented exceptions:
 * - a misspelling that makes another keyword (`note` → `node`) is not
 *   drawn: it is not a slip the reader can see;
 * - lines inside a `"""` text or a block comment are text, not code;
 * - a deleted `}` has no line of its own: there the property asks for one
 *   error, wherever the block is found to end (the line is tested in the
 *   fixtures, test/fixtures/mistakes/brace-*).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { check, KEYWORDS as LANGUAGE_KEYWORDS, positionAt } from "@flowc/dsl";
import { describe, expect, it } from "vitest";

const checkDir = fileURLToPath(new URL("./fixtures/check/", import.meta.url));
const flowsDir = fileURLToPath(new URL("../flows/", import.meta.url));

/** Valid flows with no error and some lines to slip on. */
const seeds: string[] = [
  ...readdirSync(flowsDir)
    .filter((f) => f.endsWith(".flow"))
    .map((f) => readFileSync(`${flowsDir}${f}`, "utf8")),
  ...readdirSync(checkDir)
    .filter((f) => f.endsWith(".flow"))
    .map((f) => readFileSync(`${checkDir}${f}`, "utf8")),
].filter((text) => check(text).errors === 0 && text.split("\n").length >= 5);

/** The keywords that start a line, from the keyword table (not `required`, which ends one, nor `start`). */
const KEYWORDS: readonly string[] = LANGUAGE_KEYWORDS.filter((k) => k.kind !== "modifier" && k.kind !== "reserved-name").map((k) => k.word);
/** Words a misspelling must not land on: it would be another word of the language, not a slip. */
const ALL_WORDS = new Set([...LANGUAGE_KEYWORDS.map((k) => k.word), "low", "normal", "high", "urgent"]);
const LOOKALIKE: Record<string, string> = { a: "а", e: "е", o: "о", p: "р", c: "с", x: "х", y: "у" };

interface Slip {
  readonly text: string;
  /** 1-based line of the slip. */
  readonly line: number;
  readonly what: string;
}

/** Every way to misspell `word` once (letters dropped, doubled, replaced, swapped). */
function misspellings(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    out.add(word.slice(0, i) + word.slice(i + 1));
    out.add(word.slice(0, i) + word[i] + word.slice(i));
    out.add(word.slice(0, i) + (word[i] === "z" ? "q" : "z") + word.slice(i + 1));
    if (i + 1 < word.length) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return [...out].filter((w) => w.length >= 2 && w !== word && !ALL_WORDS.has(w));
}

/** The slips that can be made in `text`, one per (line, kind, variant). */
function slips(text: string): Slip[] {
  const lines = text.split("\n");
  const out: Slip[] = [];
  const replaceLine = (i: number, line: string, what: string) => {
    const copy = [...lines];
    copy[i] = line;
    out.push({ text: copy.join("\n"), line: i + 1, what });
  };
  // Lines inside a `"""` text or a `/* */` comment are text, not code: no slip there.
  let inTriple = false;
  let inComment = false;
  const code = lines.map((line) => {
    const wasCode = !inTriple && !inComment;
    inTriple = (line.split('"""').length - 1) % 2 === 1 ? !inTriple : inTriple;
    if (line.includes("/*")) inComment = !line.includes("*/");
    else if (line.includes("*/")) inComment = false;
    return wasCode && !line.includes('"""') && !line.includes("/*") && !line.includes("*/");
  });
  lines.forEach((line, i) => {
    if (!code[i]) return;
    const brace = line.lastIndexOf("}");
    if (brace >= 0 && !line.includes('"') && !line.includes("//")) {
      replaceLine(i, line.slice(0, brace) + line.slice(brace + 1), "} deleted");
    }
    const m = /^(\s*)([a-z]+)\b(.*)$/.exec(line);
    const inBlockComment = line.includes("/*") || line.includes("*/");
    if (m && KEYWORDS.includes(m[2]!) && !inBlockComment) {
      const [, indent, word, rest] = m as unknown as [string, string, string, string];
      for (const wrong of misspellings(word)) replaceLine(i, `${indent}${wrong}${rest}`, `${word} → ${wrong}`);
      for (let k = 0; k < word.length; k++) {
        const twin = LOOKALIKE[word[k]!];
        if (twin !== undefined) {
          const wrong = word.slice(0, k) + twin + word.slice(k + 1);
          replaceLine(i, `${indent}${wrong}${rest}`, `${word} → ${wrong} (look-alike)`);
        }
      }
    }
    const quoted = /^(\s*(?:say|note|todo) )"([^"\\{}]*)"(\s*)$/.exec(line);
    if (quoted) {
      for (const [open, close] of [["'", "'"], ["«", "»"], ["“", "”"], ["„", "“"]]) {
        replaceLine(i, `${quoted[1]}${open}${quoted[2]}${close}${quoted[3]}`, `quotes ${open}${close}`);
      }
    }
    const jump = /^(.*-> *)([A-Za-z_][A-Za-z0-9_]{3,})(\s*(?:\}\s*)?)$/.exec(line);
    if (jump && jump[2] !== "start") {
      const name = jump[2]!;
      const wrong = name.slice(0, 1) + name.slice(2);
      if (!text.includes(`node ${wrong} `)) replaceLine(i, `${jump[1]}${wrong}${jump[3]}`, `-> ${name} → ${wrong}`);
    }
    if (i > 0) {
      const copy = [...lines];
      copy.splice(i, 0, "# a comment");
      out.push({ text: copy.join("\n"), line: i + 1, what: "# comment" });
    }
  });
  return out;
}

const allSlips: Slip[] = seeds.flatMap(slips);

describe("one slip in a valid flow", () => {
  it("has slips to make", () => {
    expect(seeds.length).toBeGreaterThan(5);
    expect(allSlips.length).toBeGreaterThan(1000);
  });

  it("gives exactly one error, on the slip's line", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: allSlips.length - 1 }), (index) => {
        const slip = allSlips[index]!;
        const result = check(slip.text);
        const errors = result.diagnostics
          .filter((d) => d.severity === "error")
          .map((d) => `${positionAt(result.source, d.span.start).line}: ${d.code} ${d.message}`);
        expect(errors, `${slip.what} on line ${slip.line}\n${slip.text}`).toHaveLength(1);
        if (slip.what !== "} deleted") {
          expect(errors[0]!.startsWith(`${slip.line}:`), `${slip.what}: ${errors[0]}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
