import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Code,
  createSource,
  type Diagnostic,
  formatDiagnostic,
  lineText,
  positionAt,
} from "@flowc/dsl";

// The renderer is pure: these tests build diagnostics by hand (code, span,
// related, hint), so they do not depend on the parser or the checker.

function diag(
  code: Code,
  message: string,
  start: number,
  end: number,
  extra: Partial<
    Pick<Diagnostic, "related" | "hint" | "reachedBy" | "severity">
  > = {},
): Diagnostic {
  return {
    code,
    severity: extra.severity ?? "error",
    message,
    span: { start, end },
    related: extra.related ?? [],
    ...(extra.hint !== undefined ? { hint: extra.hint } : {}),
    ...(extra.reachedBy !== undefined ? { reachedBy: extra.reachedBy } : {}),
  };
}

/** The span of the `nth` (0-based) occurrence of `needle` in `text`. */
function spanOf(
  text: string,
  needle: string,
  nth = 0,
): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not found`);
  }
  return { start: at, end: at + needle.length };
}

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

describe("createSource", () => {
  it("knows where each line starts, BOM stripped, \\r\\n and a last line without a break", () => {
    const source = createSource("s.flow", "\ufeffflow f\r\nsay \"а\"\n\nend");
    expect(source.text).toBe("flow f\r\nsay \"а\"\n\nend");
    expect(source.lineStarts).toEqual([0, 8, 16, 17]);
    expect(source.lineStarts).toBe(source.lineStarts);
    expect(positionAt(source, 18)).toEqual({ line: 4, column: 2 });
    expect(lineText(source, 1)).toBe("flow f");
    expect(JSON.parse(JSON.stringify(source)).lineStarts).toEqual([0, 8, 16, 17]);
  });
});

describe("formatDiagnostic", () => {
  it("prints the header, the line and a caret underline under the span", () => {
    const text = 'flow f\nsay "hi"\n-> nowhere\n';
    const source = createSource("flows/a.flow", text);
    const s = spanOf(text, "nowhere");
    const out = formatDiagnostic(
      diag("undefined-target", "There is no node `nowhere`.", s.start, s.end),
      source,
    );
    expect(out).toBe(
      [
        "flows/a.flow:3:4: error[undefined-target]: There is no node `nowhere`.",
        "3 | -> nowhere",
        "  |    ^^^^^^^",
      ].join("\n"),
    );
  });

  it("shows the hint, then each related location with its own frame, all in one gutter width", () => {
    const lines = [
      "flow f",
      ...Array.from({ length: 8 }, () => ""),
      "node a {",
      "  end",
      "}",
      "node a {",
      "  end",
      "}",
    ];
    const text = lines.join("\n");
    const first = spanOf(text, "a {", 0);
    const second = spanOf(text, "a {", 1);
    const d = diag(
      "duplicate-node",
      "There are two nodes called `a`.",
      second.start,
      second.start + 1,
      {
        hint: "Rename one of them.",
        related: [
          {
            message: "first defined here",
            span: { start: first.start, end: first.start + 1 },
          },
        ],
      },
    );
    expect(formatDiagnostic(d, createSource("x.flow", text))).toBe(
      [
        "x.flow:13:6: error[duplicate-node]: There are two nodes called `a`.",
        "13 | node a {",
        "   |      ^",
        "   = hint: Rename one of them.",
        "x.flow:10:6: note: first defined here",
        "10 | node a {",
        "   |      ^",
      ].join("\n"),
    );
  });

  it("says how a place is reached, and when it is reached before any choice", () => {
    const text = "flow f\n";
    const source = createSource("r.flow", text);
    const some = formatDiagnostic(
      diag("dead-end", "Nothing is shown here.", 5, 6, {
        reachedBy: ["situation", "person"],
      }),
      source,
    );
    expect(some).toContain("  = reached by: situation → person");
    const none = formatDiagnostic(
      diag("dead-end", "Nothing is shown.", 0, 4, { reachedBy: [] }),
      source,
    );
    expect(none).toContain(
      "  = reached by: right at the start, before any choice",
    );
    // Not twice when the message already spells the path out.
    const spelled = formatDiagnostic(
      diag(
        "dead-end",
        "Nothing is shown (reached by: situation → person).",
        5,
        6,
        {
          reachedBy: ["situation", "person"],
        },
      ),
      source,
    );
    expect(spelled).not.toContain("= reached by");
  });

  it("indents the continuation lines of a multi-line hint", () => {
    const source = createSource("h.flow", "flow f\n");
    const out = formatDiagnostic(
      diag("syntax", "Oops.", 0, 4, { hint: "one\ntwo" }),
      source,
    );
    expect(out.split("\n").slice(-2)).toEqual([
      "  = hint: one",
      "          two",
    ]);
  });

  it("counts columns in code points and lines the carets up under Cyrillic text", () => {
    const text = 'flow f\nsay "Привет, {имя}"\n';
    const s = spanOf(text, "{имя}");
    const out = formatDiagnostic(
      diag("undeclared-input", "No input `имя`.", s.start, s.end),
      createSource("ru.flow", text),
    );
    const [header, line, carets] = out.split("\n");
    expect(header).toBe(
      "ru.flow:2:14: error[undeclared-input]: No input `имя`.",
    );
    expect(line).toBe('2 | say "Привет, {имя}"');
    expect(carets).toBe("  |              ^^^^^");
  });

  it("counts an astral character as one column but two cells when it is wide", () => {
    const text = 'say "😀 x"';
    const s = spanOf(text, "x");
    const out = formatDiagnostic(
      diag("syntax", "m", s.start, s.end),
      createSource("e.flow", text),
    );
    const [header, line, carets] = out.split("\n");
    expect(header).toMatch(/^e\.flow:1:8: /); // s,a,y,space,",😀,space → x is the 8th code point
    expect(line).toBe('1 | say "😀 x"');
    // "say \"" is 5 cells, the emoji 2, the space 1: the caret sits after 8 cells.
    expect(carets).toBe(`  | ${" ".repeat(8)}^`);
  });

  it("underlines a wide (CJK) character with two carets and a combining mark with none", () => {
    const text = "ab 漢字 x\u0301y";
    const source = createSource("w.flow", text);
    const cjk = spanOf(source.text, "漢字");
    const wide = formatDiagnostic(
      diag("syntax", "m", cjk.start, cjk.end),
      source,
    ).split("\n")[2];
    expect(wide).toBe(`  | ${" ".repeat(3)}^^^^`);
    // x + combining acute (no precomposed form, so NFC keeps two code points) is one cell.
    const xy = spanOf(source.text, "x\u0301y");
    const out = formatDiagnostic(
      diag("syntax", "m", xy.start, xy.end),
      source,
    ).split("\n");
    expect(out[0]).toMatch(/^w\.flow:1:7: /);
    expect(out[2]).toBe(`  | ${" ".repeat(8)}^^`);
  });

  it("expands tabs to tab stops in both the line and the underline", () => {
    const text = '\tsay\t"x"';
    const s = spanOf(text, '"x"');
    const out = formatDiagnostic(
      diag("syntax", "m", s.start, s.end),
      createSource("t.flow", text),
    ).split("\n");
    expect(out[0]).toMatch(/^t\.flow:1:6: /);
    expect(out[1]).toBe('1 |     say "x"');
    expect(out[2]).toBe("  |         ^^^");
    const wider = formatDiagnostic(
      diag("syntax", "m", s.start, s.end),
      createSource("t.flow", text),
      {
        tabWidth: 2,
      },
    ).split("\n");
    expect(wider[1]).toBe('1 |   say "x"');
    expect(wider[2]).toBe("  |       ^^^");
  });

  it("draws one caret for an empty span, also at the end of a line", () => {
    const text = "flow f\nsay\nend\n";
    const at = text.indexOf("say") + 3; // a missing text after `say`
    const out = formatDiagnostic(
      diag("syntax", "Expected a quoted text after `say`.", at, at),
      createSource("z.flow", text),
    );
    expect(out.split("\n").slice(1)).toEqual(["2 | say", "  |    ^"]);
  });

  it("underlines every line of a multi-line span from its first non-blank character", () => {
    const text =
      'flow f\nask "q" {\n  option a "A"\n\n  option b "B"\n}\nsay "x"\n';
    const start = text.indexOf("ask");
    const end = text.indexOf("}") + 1;
    const out = formatDiagnostic(
      diag("single-option", "m", start, end, { severity: "warning" }),
      createSource("m.flow", text),
    );
    expect(out.split("\n")).toEqual([
      "m.flow:2:1: warning[single-option]: m",
      '2 | ask "q" {',
      "  | ^^^^^^^^^",
      '3 |   option a "A"',
      "  |   ^^^^^^^^^^^^",
      "4 |",
      '5 |   option b "B"',
      "  |   ^^^^^^^^^^^^",
      "6 | }",
      "  | ^",
    ]);
  });

  it("treats a span that takes in the line break as ending on its own line", () => {
    const text = 'flow f\nend\nsay "x"\n';
    const start = text.indexOf("end");
    const out = formatDiagnostic(
      diag("syntax", "m", start, start + 4),
      createSource("n.flow", text),
    );
    expect(out.split("\n").slice(1)).toEqual(["2 | end", "  | ^^^"]);
  });

  it("elides the middle of a long span", () => {
    const body = Array.from({ length: 20 }, (_, i) => `  say "line ${i}"`);
    const text = ["flow f", "node a {", ...body, "}"].join("\n");
    const start = text.indexOf("node");
    const out = formatDiagnostic(
      diag("unreachable-node", "m", start, text.length),
      createSource("l.flow", text),
    );
    const lines = out.split("\n");
    expect(lines).toContain("  ...");
    expect(lines[1]).toBe(" 2 | node a {");
    expect(lines.at(-2)).toBe("23 | }");
    expect(lines.length).toBeLessThan(12);
  });

  it("shows context lines when asked, clamped to the file", () => {
    const text = 'flow f\nsay "a"\n-> x\nsay "b"\n';
    const s = spanOf(text, "x");
    const d = diag("undefined-target", "m", s.start, s.end);
    expect(
      formatDiagnostic(d, createSource("c.flow", text), { context: 1 })
        .split("\n")
        .slice(1),
    ).toEqual(['2 | say "a"', "3 | -> x", "  |    ^", '4 | say "b"']);
    const wide = formatDiagnostic(d, createSource("c.flow", text), {
      context: 10,
    }).split("\n");
    expect(wide[1]).toBe("1 | flow f");
    expect(wide.at(-1)).toBe("5 |"); // the empty last line after the final line break
  });

  it("can leave out line numbers", () => {
    const text = "flow f\n-> x\n";
    const s = spanOf(text, "x");
    const out = formatDiagnostic(
      diag("undefined-target", "m", s.start, s.end),
      createSource("c.flow", text),
      {
        lineNumbers: false,
      },
    );
    expect(out.split("\n").slice(1)).toEqual([" | -> x", " |    ^"]);
  });

  it("cuts a very long line around the underline", () => {
    const text = `say "${"а".repeat(300)} {oops} ${"б".repeat(300)}"`;
    const s = spanOf(text, "{oops}");
    const out = formatDiagnostic(
      diag("undeclared-input", "m", s.start, s.end),
      createSource("w.flow", text),
      {
        maxWidth: 60,
      },
    ).split("\n");
    expect(out[0]).toMatch(/^w\.flow:1:307: /);
    expect(out[1]!.startsWith("1 | …")).toBe(true);
    expect(out[1]!.endsWith("…")).toBe(true);
    expect(out[1]!.length).toBeLessThanOrEqual(4 + 60);
    // The carets sit exactly under {oops}.
    const lineBody = out[1]!.slice(4);
    const caretBody = out[2]!.slice(4);
    expect(
      lineBody.slice(caretBody.indexOf("^"), caretBody.indexOf("^") + 6),
    ).toBe("{oops}");
    // Unlimited width prints the whole line.
    const full = formatDiagnostic(
      diag("undeclared-input", "m", s.start, s.end),
      createSource("w.flow", text),
      {
        maxWidth: 0,
      },
    );
    expect(full.split("\n")[1]).toBe(`1 | ${text}`);
  });

  it("never prints a carriage return or a raw control character", () => {
    const text = 'flow f\r\nsay "a\u0007b"\r\n-> x\r\n';
    const s = spanOf(text, "x");
    const out = formatDiagnostic(
      diag("undefined-target", "m", s.start, s.end),
      createSource("crlf.flow", text),
      {
        context: 1,
      },
    );
    expect(out).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f]/);
    expect(out).toContain('2 | say "a\u2407b"');
  });

  it("colours only when asked, and colour adds nothing but escape codes", () => {
    const text = "flow f\n-> x\n";
    const s = spanOf(text, "x");
    const d = diag("undefined-target", "m", s.start, s.end, {
      hint: "h",
      related: [{ message: "r", span: { start: 0, end: 4 } }],
    });
    const plain = formatDiagnostic(d, createSource("c.flow", text));
    const coloured = formatDiagnostic(d, createSource("c.flow", text), {
      color: true,
    });
    expect(plain).not.toContain("\x1b[");
    expect(coloured).toContain("\x1b[1;31merror[undefined-target]");
    expect(stripAnsi(coloured)).toBe(plain);
    const warning = formatDiagnostic(
      { ...d, code: "todo", severity: "warning" },
      createSource("c.flow", text),
      {
        color: true,
      },
    );
    expect(warning).toContain("\x1b[1;33mwarning[todo]");
  });

  it("never throws, and its header is the span's start, for any text and span", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 200 }),
          fc
            .array(
              fc.constantFrom(
                "a",
                "й",
                "漢",
                "😀",
                "\u0301",
                "\t",
                "\n",
                "\r\n",
                " ",
                "\u202e",
                "\u200d",
              ),
              {
                maxLength: 80,
              },
            )
            .map((parts) => parts.join("")),
        ),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        fc.nat({ max: 3 }),
        (raw, a, b, color, context) => {
          const source = createSource("p.flow", raw);
          const n = source.text.length + 1;
          const start = Math.min(a, b) % n;
          const end = Math.max(start, Math.max(a, b) % n);
          const d = diag("syntax", "m", start, end, {
            related: [{ message: "r", span: { start: end, end } }],
          });
          const out = formatDiagnostic(d, source, {
            color,
            context,
            maxWidth: 40,
          });
          const at = positionAt(source, start);
          expect(
            stripAnsi(out).startsWith(
              `p.flow:${at.line}:${at.column}: error[syntax]: m\n`,
            ),
          ).toBe(true);
          expect(stripAnsi(out)).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f]/);
          // The start line is always underlined, with at least one caret.
          const bare = formatDiagnostic(d, source, { maxWidth: 40 });
          expect(bare.split("\n")[2]).toMatch(/^ *\| *\^/);
          expect(stripAnsi(out)).toContain("^");
        },
      ),
      { numRuns: 300 },
    );
  });
});
