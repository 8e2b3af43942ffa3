import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format as flowcFormat } from "@flowc/dsl";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import * as plugin from "../packages/dsl/src/prettier.js";

// The prettier plugin must print exactly what flowc's own formatter prints.
const dir = fileURLToPath(new URL("./fixtures/format/", import.meta.url));
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith(".flow"))
  .sort();

const viaPrettier = (text: string, filepath = "demo.flow") =>
  prettier.format(text, { filepath, plugins: [plugin] });

describe("prettier plugin", () => {
  for (const name of inputs) {
    it(`formats ${name} like flowc fmt`, async () => {
      const text = readFileSync(join(dir, name), "utf8");
      // prettier itself turns \r\n into \n before parsing; flowc does the same when printing.
      expect(await viaPrettier(text, name)).toBe(flowcFormat(text, name).text);
    });
  }

  it("infers the parser from the .flow extension", async () => {
    const info = await prettier.getFileInfo("flows/demo.flow", { plugins: [plugin] });
    expect(info.inferredParser).toBe("flowc");
  });

  it("can be asked for by parser name", async () => {
    const out = await prettier.format('flow demo\n  say "x"', { parser: "flowc", plugins: [plugin] });
    expect(out).toBe('flow demo\n\nsay "x"\n');
  });

  it("reports a syntax error with file, line and column", async () => {
    const text = 'flow demo\nsay "ok"\nsay\n';
    const parsed = flowcFormat(text, "broken.flow");
    expect(parsed.text).toBeNull();
    const error = await viaPrettier(text, "broken.flow").then(
      () => null,
      (e: unknown) => e as Error & { loc?: { start: { line: number; column: number } } },
    );
    expect(error).not.toBeNull();
    expect(error!.message).toMatch(/broken\.flow:\d+:\d+: /);
    expect(error!.loc?.start.line).toBeGreaterThanOrEqual(3);
  });

  it("leaves other languages alone", async () => {
    const ts = await prettier.format("const a = {b:1}", { parser: "typescript", plugins: [plugin] });
    expect(ts).toBe("const a = { b: 1 };\n");
  });
});
