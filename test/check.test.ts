import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { check, type CheckResult, type Diagnostic, positionAt } from "@flowc/dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/**
 * Fixture table: test/fixtures/check/<case>.flow with <case>.expected beside
 * it, one line per diagnostic: `line:column code`, plus ` reached-by=a,b,c`
 * when the diagnostic says how it is reached. FLOWC_UPDATE_FIXTURES=1
 * rewrites the expected files (review the diff before trusting it).
 */
const dir = fileURLToPath(new URL("./fixtures/check/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".flow"))
  .map((f) => f.slice(0, -".flow".length))
  .sort();

function summarize(result: CheckResult): string {
  return result.diagnostics
    .map((d) => {
      const { line, column } = positionAt(result.source, d.span.start);
      const reached = d.reachedBy ? ` reached-by=${d.reachedBy.join(",")}` : "";
      return `${line}:${column} ${d.code}${reached}\n`;
    })
    .join("");
}

describe("check fixtures", () => {
  it("has fixtures", () => expect(cases.length).toBeGreaterThan(10));
  for (const name of cases) {
    it(name, () => {
      const text = readFileSync(`${dir}${name}.flow`, "utf8");
      const actual = summarize(check(text, `${name}.flow`));
      const expectedPath = `${dir}${name}.expected`;
      if (process.env.FLOWC_UPDATE_FIXTURES === "1") writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, "utf8"));
    });
  }
});

function only(result: CheckResult, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

function fixture(name: string): CheckResult {
  return check(readFileSync(`${dir}${name}.flow`, "utf8"), `${name}.flow`);
}

function at(result: CheckResult, offset: number): string {
  const { line, column } = positionAt(result.source, offset);
  return `${line}:${column}`;
}

describe("diagnostic details", () => {
  it("duplicates point at the first definition", () => {
    const r = fixture("duplicate-node");
    const [d] = only(r, "duplicate-node");
    expect(d!.related).toHaveLength(1);
    expect(at(r, d!.related[0]!.span.start)).toBe("4:6");
    expect(r.source.text.slice(d!.span.start, d!.span.end)).toBe("a");
  });

  it("a derived ask id clash names the node and points at both asks", () => {
    const r = fixture("duplicate-ask");
    const ds = only(r, "duplicate-ask");
    expect(ds.map((d) => at(r, d.related[0]!.span.start))).toEqual(["3:5", "9:3"]);
    expect(ds[1]!.message).toContain("`n`");
  });

  it("suggests the closest node for an undefined target", () => {
    const r = fixture("undefined-target");
    const hints = only(r, "undefined-target").map((d) => d.hint);
    expect(hints[0]).toContain("`delivery`");
    expect(hints[1]).not.toContain("did you mean");
    expect(hints[2]).toContain("`start`");
    expect(hints[3]).toContain("`delivery`");
  });

  it("suggests the closest input for an undeclared placeholder", () => {
    const r = fixture("inputs");
    const [typo, unknown] = only(r, "undeclared-input");
    expect(typo!.hint).toContain("{client_name}");
    expect(unknown!.hint).not.toContain("did you mean");
    expect(r.source.text.slice(typo!.span.start, typo!.span.end)).toBe("{client_nam}");
  });

  it("paths end the message and give a command to try", () => {
    const r = fixture("silent-end");
    const d = only(r, "silent-end").find((x) => x.reachedBy?.length === 3);
    expect(d!.message).toMatch(/\(reached by: q → next → a\)$/);
    expect(d!.hint).toContain("flowc run silent-end.flow --allow-errors --choose next,a");
  });

  it("quotes keys with spaces in the try-it command", () => {
    const r = check(
      'flow f\nask q "Q" {\n  option "Да, конечно" { }\n  option no "Нет" { say "n" }\n}\n',
      "my flow.flow",
    );
    const [d] = only(r, "dead-end");
    expect(d!.reachedBy).toEqual(["q", "Да, конечно"]);
    // A comma inside a key is escaped as `flowc run --choose` reads it.
    expect(d!.hint).toContain("flowc run 'my flow.flow' --allow-errors --choose 'Да\\, конечно'");
  });

  it("a jump loop names the nodes it goes round", () => {
    const r = fixture("no-exit-loop");
    expect(only(r, "no-exit")[0]!.message).toContain("`a` → `b` → `a`");
  });

  it("warnings and errors are counted", () => {
    const r = fixture("ok-order-status");
    expect(r.errors).toBe(0);
    // Two todos; their steps are not also silent-end (the todo stands for the script).
    expect(r.warnings).toBe(2);
    expect(fixture("dead-end").errors).toBe(4);
  });
});

describe("ask ids", () => {
  it("derives ids per node, counting every ask in source order", () => {
    const r = check(`flow f
ask "e1" {
  option a "A" {
    ask named "e2" { option x "X" { say "x" } option y "Y" { say "y" } }
    ask "e3" { option x "X" { say "x" } option y "Y" { say "y" } }
  }
  option b "B" -> n
}
node n {
  ask "n1" {
    option a "A" { ask "n2" { option x "X" { say "x" } option y "Y" { say "y" } } }
    option b "B" { say "b" }
  }
  ask "n3" { option x "X" { say "x" } option y "Y" { say "y" } }
}
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.asks.map((a) => a.id)).toEqual(["start", "named", "start#3", "n", "n#2", "n#3"]);
  });
});

describe("robustness", () => {
  const pieces = [
    "flow f\n",
    "flow",
    "node n {",
    "node m {",
    "}",
    "{",
    "ask",
    "ask q",
    "option",
    "option o",
    '"text"',
    '"{x}"',
    '"{"',
    "->",
    "-> n",
    "-> start",
    "end",
    "say",
    'say "s"',
    "note",
    "todo",
    "ticket",
    "queue",
    "field",
    "attach",
    "required",
    "priority high",
    "input x",
    "\n",
    " ",
    "//c\n",
    '"""\n  a\n  """',
    "\u0439",
    "n",
    "m",
    "\\",
  ];
  it("never throws and keeps every span inside the text", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join(" ");
        const r = check(text);
        for (const d of r.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(r.source.text.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("handles 200 nesting levels and a 100,000-long jump chain", () => {
    let nested = "flow deep\n";
    for (let i = 0; i < 200; i++) nested += `ask q${i} "Q" {\noption a "A" {\n`;
    nested += 'say "deep"\n';
    for (let i = 0; i < 200; i++) nested += `}\noption b "B" { say "b" }\n}\n`;
    const deep = check(nested);
    expect(deep.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

    const n = 100_000;
    const parts = ["flow chain\n-> n0\n"];
    for (let i = 0; i < n - 1; i++) parts.push(`node n${i} { -> n${i + 1} }\n`);
    parts.push(`node n${n - 1} { say "done" }\n`);
    const chain = check(parts.join(""));
    expect(chain.diagnostics).toEqual([]);

    // The same chain closed into a circle: one no-exit, at the first jump of the circle.
    const loop = check(parts.join("").replace(`{ say "done" }`, "{ -> n0 }"));
    expect(loop.diagnostics.map((d) => `${d.code} ${at(loop, d.span.start)}`)).toEqual([
      "no-exit 3:11",
    ]);
  });
});

describe("choice inputs and match", () => {
  const summary = (name: string) =>
    fixture(name).diagnostics.map((d) => ({
      code: d.code,
      message: d.message,
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
      ...(d.path !== undefined ? { path: d.path } : {}),
    }));

  it("names the values a match has no case for", () => {
    expect(summary("match-non-exhaustive")).toEqual([
      {
        code: "non-exhaustive-match",
        message:
          "The match on `client_type` has no case for `company` and `partner`: a session with one of these values would have nowhere to go.",
        hint: "add `case company, partner -> …` (or a block), or an `else`",
      },
    ]);
  });

  it("reports a case for a value the input does not list, with did-you-mean, and no follow-on non-exhaustive-match", () => {
    expect(summary("match-unknown-case")).toEqual([
      {
        code: "unknown-case",
        message: "`compnay` is not a value of the input `client_type` (its values: `person` and `company`).",
        hint: "did you mean `company`?",
      },
      {
        code: "unknown-case",
        message: "`robot` is not a value of the input `client_type` (its values: `person` and `company`).",
        hint: 'add it to the input\'s values: value robot "…"',
      },
    ]);
  });

  it("reports a value listed twice and a value with two cases, each pointing at the first", () => {
    const result = fixture("match-duplicate-case");
    expect(result.diagnostics.map((d) => [d.code, d.message, d.related.map((r) => r.message)])).toEqual([
      ["duplicate-value", "The input `client_type` lists the value `person` twice.", ["the first `person` is here"]],
      [
        "duplicate-case",
        "The value `person` already has a case in this match: only the first one could ever run.",
        ["the first case for `person` is here"],
      ],
    ]);
  });

  it("reports a match on a text input, and on an undeclared one with did-you-mean", () => {
    expect(summary("match-on-text").map((d) => [d.code, d.hint])).toEqual([
      ["match-on-text", 'list the values it can take: input client_name "…" { value a "…" value b "…" }'],
      ["undeclared-input", "did you mean `client_name`?"],
      ["undeclared-input", "did you mean `client_name`?"],
    ]);
    expect(summary("match-on-text")[0]!.message).toBe(
      "The input `client_name` has no list of values (it is free text), so `match` has nothing to branch on.",
    );
  });

  it("reports an else no value reaches as unreachable code, and not the node it jumps to", () => {
    expect(summary("match-unreachable-else")).toEqual([
      {
        code: "unreachable-code",
        message: "This `else` can never run: every value of `delivery` has a case above it.",
        hint: "remove the `else`, or a value's case if the `else` should take it",
      },
    ]);
  });

  it("follows each case: dead ends and silent ends show the value beside the choices", () => {
    const found = summary("match-dead-end");
    expect(found.map((d) => [d.code, d.path])).toEqual([
      ["dead-end", [{ input: "client_type", value: "person" }]],
      ["silent-end", [{ input: "client_type", value: "company" }]],
      [
        "dead-end",
        [
          { input: "client_type", value: "partner" },
          { ask: "problem", option: "lost" },
        ],
      ],
    ]);
    expect(found[2]!.message).toBe(
      "The `else` of `match client_type` finishes the flow without showing anything: the agent gets no text and no next question. (reached by: client_type = partner → problem → lost)",
    );
    expect(found[2]!.hint).toBe(
      "add what the agent should say or do, or a jump to the right node; try it: flowc run match-dead-end.flow --allow-errors --input client_type=partner --choose lost",
    );
  });

  it("reports a case that comes back to its match without a question as no-exit", () => {
    expect(summary("match-no-exit")).toEqual([
      {
        code: "no-exit",
        message:
          "The case `person` of `match client_type` goes round in a circle: with `client_type` = `person` the flow comes back to `match client_type` without a question, again and again, and never finishes. (reached by: problem → late → client_type = person)",
        hint: "lead this case to a question or an `end`, or jump to a node that does; try it: flowc run match-no-exit.flow --allow-errors --input client_type=person --choose late",
        path: [
          { ask: "problem", option: "late" },
          { input: "client_type", value: "person" },
        ],
      },
    ]);
  });

  it("counts an input used only by a match as used, and checks a clean flow with matches clean", () => {
    expect(summary("match-ok")).toEqual([]);
  });
});
