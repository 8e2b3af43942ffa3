import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, parse } from "@flowc/dsl";
import { describe, expect, it } from "vitest";
import { commentTexts, meaning } from "./format.helpers.js";

// Each test/fixtures/format/<case>.flow is formatted and compared with
// <case>.formatted.flow beside it; the expected text must be a fixed point.
const dir = fileURLToPath(new URL("./fixtures/format/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".flow") && !f.endsWith(".formatted.flow"))
  .map((f) => f.slice(0, -".flow".length))
  .sort();

const read = (name: string) => readFileSync(join(dir, name), "utf8");

describe("format fixtures", () => {
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    describe(name, () => {
      const input = read(`${name}.flow`);
      const expected = read(`${name}.formatted.flow`);

      it("formats to the expected text", () => {
        const result = format(input, `${name}.flow`);
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(result.text).toBe(expected);
      });

      it("leaves the expected text unchanged", () => {
        expect(format(expected).text).toBe(expected);
      });

      it("keeps every comment", () => {
        expect(commentTexts(expected)).toEqual(commentTexts(input));
      });

      it("keeps the compiled meaning", () => {
        expect(meaning(expected)).toEqual(meaning(input));
      });
    });
  }
});

describe("format refuses files with syntax errors", () => {
  it("returns null and the syntax diagnostics", () => {
    const text = 'flow demo\nsay "unclosed\nask {\n';
    const result = format(text, "broken.flow");
    expect(result.text).toBeNull();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.map((d) => d.code)).toEqual(parse(text).diagnostics.map((d) => d.code));
  });

  it("refuses a file that does not start with flow", () => {
    expect(format('say "x"\n').text).toBeNull();
  });

  it("formats a file with only semantic errors", () => {
    const text = 'flow demo\n-> nowhere\n';
    expect(format(text).text).toBe("flow demo\n\n-> nowhere\n");
  });
});

describe("format details", () => {
  it("drops a byte-order mark and ends the file with one line break", () => {
    expect(format('\uFEFFflow demo\nsay "x"').text).toBe('flow demo\n\nsay "x"\n');
  });

  it("prints the header alone when the file has nothing else", () => {
    expect(format("flow demo   ").text).toBe("flow demo\n");
  });

  it("keeps a comment that is the last thing in the file without a line break", () => {
    expect(format('flow demo\nsay "x" // end').text).toBe('flow demo\n\nsay "x" // end\n');
  });

  it("treats a lone carriage return as a line break", () => {
    expect(format('flow demo\r// note\rsay "x" // end\r').text).toBe('flow demo\n\n// note\nsay "x" // end\n');
  });

  it("formats a flow nested 200 levels deep (the most LANGUAGE.md guarantees)", () => {
    const depth = 200;
    let text = "flow deep\n";
    for (let i = 0; i < depth; i++) text += `ask "Q${i}" { // level ${i}\noption a "A" {\n`;
    text += 'say "bottom"\n';
    for (let i = 0; i < depth; i++) text += '}\noption b "B" -> start }\n';
    const out = format(text).text!;
    expect(out).not.toBeNull();
    const lines = out.split("\n");
    expect(lines).toContain(`${"  ".repeat(2 * depth)}say "bottom"`);
    expect(lines).toContain(`${"  ".repeat(2 * depth - 2)}ask "Q${depth - 1}" { // level ${depth - 1}`);
    expect(format(out).text).toBe(out);
  });

  it("does not collapse an option body whose line would be longer than 100 columns", () => {
    const label = "x".repeat(60);
    const text = `flow demo\nask "Q" {\n  option a "${label}" { say "${"y".repeat(20)}" }\n  option b "B" -> start\n}\n`;
    const out = format(text).text!;
    expect(out).toContain(`option a "${label}" {\n    say "`);
  });
});
