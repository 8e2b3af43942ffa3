/**
 * The fuzz corpus: every input that once broke something (a throw, a hang,
 * quadratic time), kept as test/fixtures/fuzz-corpus/<name>.flow and
 * replayed through the whole pipeline, every diagnostic rendered and both
 * diagrams drawn. Each must finish within a generous CPU-time budget (the
 * bugs they caught took from seconds to minutes); when `<name>.expected`
 * exists (`line:column code` per diagnostic, like the check fixtures), the
 * diagnostics must match it. The fuzzer adds `found-<hash>.flow` files here
 * on failure; run with FLOWC_UPDATE_CORPUS=1 to write the missing .expected.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, positionAt, toDot, toMermaid } from "@flowc/dsl";
import { describe, expect, it } from "vitest";
import { corpusDir, cpuMs, runPipeline } from "./support.js";

/** CPU time one replay may take. The fixed code needs well under a second for each file. */
const BUDGET_MS = 8_000;

const files = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith(".flow")).sort() : [];

describe("the fuzz corpus replays cleanly", () => {
  it("has entries", () => expect(files.length).toBeGreaterThan(0));

  for (const name of files) {
    it(name, () => {
      const text = readFileSync(join(corpusDir, name), "utf8");
      let lines = "";
      const spent = cpuMs(() => {
        const result = runPipeline(text, { walk: [0, 1, 2, 3], parseEmitted: true });
        for (const d of result.diagnostics) formatDiagnostic(d, result.source, { color: true, context: 2 });
        toMermaid(result);
        toDot(result);
        lines = result.diagnostics.map((d) => {
          const p = positionAt(result.source, d.span.start);
          return `${p.line}:${p.column} ${d.code}\n`;
        }).join("");
      });
      expect(spent, `${name} took ${spent.toFixed(0)} ms of CPU`).toBeLessThan(BUDGET_MS);
      const expectedFile = join(corpusDir, name.replace(/\.flow$/, ".expected"));
      if (existsSync(expectedFile)) expect(lines).toBe(readFileSync(expectedFile, "utf8"));
      else if (process.env.FLOWC_UPDATE_CORPUS === "1") writeFileSync(expectedFile, lines);
    }, 60_000);
  }
});
