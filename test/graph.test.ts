import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { check, diagram, toDot, toMermaid } from "@flowc/dsl";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printFlow, randomModel } from "./support/random-flows.js";
import { toolOrSkip } from "./support/tools.js";

/**
 * Diagrams. Baselines: test/fixtures/graph/<case>.flow with <case>.mmd and
 * <case>.dot beside it (FLOWC_UPDATE_FIXTURES=1 rewrites them). Validity: the
 * DOT of every fixture and of flows/order-status.flow goes through Graphviz
 * (`dot -Tsvg`), and the Mermaid through Mermaid's own parser (the `mermaid`
 * package, with `jsdom` for the DOM its sanitizer needs). When a tool is
 * missing those checks are skipped with a message, unless
 * FLOWC_REQUIRE_TOOLS=1 (set in CI), which makes a missing tool a failure.
 */
const dir = fileURLToPath(new URL("./fixtures/graph/", import.meta.url));
const root = fileURLToPath(new URL("../", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".flow"))
  .map((f) => f.slice(0, -".flow".length))
  .sort();
const orderStatus = readFileSync(`${root}flows/order-status.flow`, "utf8");
const requireTools = process.env.FLOWC_REQUIRE_TOOLS === "1";

function fixture(name: string) {
  return check(readFileSync(`${dir}${name}.flow`, "utf8"), `${name}.flow`);
}

// ---------------------------------------------------------------------------
// Tools

const dot = toolOrSkip("dot");
const hasDot = dot !== undefined;

function renderDot(text: string): { status: number | null; svg: string; stderr: string } {
  const r = spawnSync(dot!.path, ["-Tsvg"], { input: text, encoding: "utf8" });
  return { status: r.status, svg: r.stdout, stderr: r.stderr };
}

type MermaidApi = {
  parse(text: string): Promise<unknown>;
  mermaidAPI: {
    getDiagramFromText(text: string): Promise<{
      db: {
        getVertices(): Map<string, { text?: string; type?: string; classes: string[] }>;
        getEdges(): { start: string; end: string; text: string; stroke: string }[];
      };
    }>;
  };
};

/** Mermaid needs a DOM for its sanitizer (DOMPurify); jsdom provides one. */
async function loadMermaid(): Promise<MermaidApi | null> {
  try {
    const jsdom = "jsdom";
    const mermaidName = "mermaid";
    const { JSDOM } = (await import(/* @vite-ignore */ jsdom)) as {
      JSDOM: new (html: string) => { window: unknown };
    };
    (globalThis as { window?: unknown }).window ??= new JSDOM("").window;
    return ((await import(/* @vite-ignore */ mermaidName)) as { default: MermaidApi }).default;
  } catch (error) {
    const message = `mermaid or jsdom is not installed: the Mermaid parser checks are skipped (${(error as Error).message.split("\n")[0]})`;
    if (requireTools) throw new Error(`${message}, and FLOWC_REQUIRE_TOOLS=1`);
    console.warn(message);
    return null;
  }
}
const mermaid = await loadMermaid();

/** A label as Mermaid will show it: its entity placeholders decoded, then HTML entities, lines at <br>. */
function mermaidLabel(text: string): string[] {
  const html = text.replace(/ﬂ°°/g, "&#").replace(/ﬂ°/g, "&").replace(/¶ß/g, ";");
  const named: Record<string, string> = { quot: '"', lt: "<", gt: ">", amp: "&" };
  return html
    .split("<br>")
    .map((line) =>
      line.replace(/&(#\d+|\w+);/g, (m, e: string) =>
        e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : (named[e] ?? m),
      ),
    );
}

/** The text lines Graphviz drew in an SVG. */
function svgTexts(svg: string): string[] {
  const named: Record<string, string> = { quot: '"', lt: "<", gt: ">", amp: "&", apos: "'" };
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&(#\d+|\w+);/g, (all, e: string) =>
      e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : (named[e] ?? all),
    ),
  );
}

// ---------------------------------------------------------------------------

describe("graph fixtures", () => {
  it("has fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(3));
  for (const name of cases) {
    for (const [ext, make] of [
      ["mmd", toMermaid],
      ["dot", toDot],
    ] as const) {
      it(`${name}.${ext}`, () => {
        const actual = make(fixture(name));
        const expectedPath = `${dir}${name}.${ext}`;
        if (process.env.FLOWC_UPDATE_FIXTURES === "1") writeFileSync(expectedPath, actual);
        expect(actual).toBe(readFileSync(expectedPath, "utf8"));
      });
    }
  }
});

describe("graph validity", () => {
  const inputs: [string, string][] = [
    ["flows/order-status.flow", orderStatus],
    ...cases.map((c): [string, string] => [c, readFileSync(`${dir}${c}.flow`, "utf8")]),
  ];
  for (const [name, text] of inputs) {
    it.skipIf(!hasDot)(`Graphviz renders the DOT of ${name}`, () => {
      const r = renderDot(toDot(check(text)));
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.svg).toContain("<svg");
    });
    it.skipIf(mermaid === null)(`Mermaid parses the diagram of ${name}`, async () => {
      await expect(mermaid!.parse(toMermaid(check(text)))).resolves.toBeTruthy();
    });
  }

  it.skipIf(mermaid === null)(
    "Mermaid rejects a broken diagram (the parser really runs)",
    async () => {
      await expect(mermaid!.parse('flowchart TD\n  a["x" --> b')).rejects.toThrow();
    },
  );

  it.skipIf(mermaid === null)("Mermaid shows every label exactly as written", async () => {
    const text = toMermaid(fixture("escapes"));
    await mermaid!.parse(text); // also registers the diagram types getDiagramFromText needs
    const d = await mermaid!.mermaidAPI.getDiagramFromText(text);
    const vertices = d.db.getVertices();
    const labels = [...vertices.values()].map((v) => mermaidLabel(v.text ?? ""));
    const edges = d.db.getEdges().map((e) => mermaidLabel(e.text));
    expect(labels).toContainEqual([
      'Title "quoted" <b>bold</b> &',
      "#hash; [x] {y} | `tick`",
      "⚠ unknown input",
    ]);
    expect(labels).toContainEqual(["style: a#b; classDef x:y #1;", "100% %% not a comment"]);
    expect(labels).toContainEqual([
      "say: Ёлка 🎄 👍🏽 — \\ backslash \\n literal &amp;",
      "  &lt;br&gt; <br> ﬂ°x¶ß",
    ]);
    expect(labels).toContainEqual([
      "say: Первая строка. Вторая строка со",
      '  "словами" и \\{скобками\\}.',
    ]);
    expect(edges).toContainEqual(['a "q" [b] (c) {name} ; # <', "> & | end"]);
    // Kinds: the start is a stadium, questions are diamonds, the finish a double circle.
    expect(vertices.get("start")?.type).toBe("stadium");
    expect(vertices.get("ask_style")?.type).toBe("diamond");
    expect(vertices.get("finish")?.type).toBe("doublecircle");
    expect(vertices.get("start")?.classes).toContain("error");
  });

  it.skipIf(!hasDot)("Graphviz shows every label exactly as written", () => {
    const r = renderDot(toDot(fixture("escapes")));
    expect(r.status).toBe(0);
    const texts = svgTexts(r.svg);
    expect(texts).toContain('Title "quoted" <b>bold</b> &');
    expect(texts).toContain("#hash; [x] {y} | `tick`");
    expect(texts).toContain("style: a#b; classDef x:y #1;");
    expect(texts).toContain("100% %% not a comment");
    expect(texts).toContain("say: Ёлка 🎄 👍🏽 — \\ backslash \\n literal &amp;");
    // Graphviz keeps the leading spaces of a left-aligned line as they are.
    expect(texts.map((t) => t.trim())).toContain("&lt;br&gt; <br> ﬂ°x¶ß");
    expect(texts).toContain('a "q" [b] (c) {name} ; # <');
  });
});

/**
 * Random texts (any Unicode, markup, quotes, entities) in a question, an option and a
 * say: the tools must accept the diagram, and show each label as a (shortened) prefix
 * of the text — nothing added, lost or reordered but whitespace and the cut.
 */
describe("graph labels, property", () => {
  const literal = (t: string) =>
    t
      .replace(/[\\"{}]/g, (c) => `\\${c}`)
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\u{D}");
  // Pieces that matter to Mermaid or DOT, mixed with any Unicode.
  const piece = fc.oneof(
    fc.constantFrom(
      ...'"#&<>`|%:;[](){}\\/=-'.split(""),
      ...[
        "ﬂ°",
        "¶ß",
        "style:",
        "classDef x:",
        "&amp;",
        "#35;",
        "#quot;",
        "<br>",
        "-->",
        "%%",
        "\\n",
      ],
      ...[" ", "  ", "\n", "\t", "end", "o", "x", "é", "й", "🎄", "👍🏽"],
    ),
    fc.string({ unit: "grapheme", maxLength: 4 }),
  );
  const textArb = fc
    .array(piece, { minLength: 1, maxLength: 16 })
    .map((parts) => parts.join(""))
    .filter((t) => t.trim() !== "");
  const flowOf = (q: string, o: string, say: string) =>
    `flow p\nask q "${literal(q)}" {\n  option a "${literal(o)}" { say "${literal(say)}" }\n  option b "b" { say "b" }\n}\n`;
  // Labels show texts as written: a literal brace keeps its backslash (`\{`), like an option key.
  const squash = (t: string) => t.normalize("NFC").replace(/[\s\p{Cc}]+/gu, "");
  const asWritten = (t: string) => squash(t.replace(/[{}]/g, (c) => `\\${c}`));
  /** The label's text is the start of the original (a cut label ends with `…`). */
  const isPrefix = (label: string, original: string) => {
    const whole = squash(label);
    // A text may itself end with `…`: then the whole label is the text, not a cut.
    if (whole === asWritten(original)) return true;
    const shown = whole.replace(/…$/, "");
    return asWritten(original).startsWith(shown) && shown.length > 0;
  };

  it.skipIf(mermaid === null)("Mermaid parses and shows the texts", async () => {
    await fc.assert(
      fc.asyncProperty(textArb, textArb, textArb, async (q, o, say) => {
        const r = check(flowOf(q, o, say));
        fc.pre(r.errors === 0);
        const text = toMermaid(r);
        await mermaid!.parse(text);
        const d = await mermaid!.mermaidAPI.getDiagramFromText(text);
        const vertices = d.db.getVertices();
        expect(isPrefix(mermaidLabel(vertices.get("ask_q")!.text!).join(""), q)).toBe(true);
        const sayLabel = mermaidLabel(vertices.get("step_q_a")!.text!).join("");
        expect(sayLabel.startsWith("say: ")).toBe(true);
        expect(isPrefix(sayLabel.slice(5), say)).toBe(true);
        const edge = d.db.getEdges().find((e) => e.start === "ask_q" && e.end === "step_q_a")!;
        expect(isPrefix(mermaidLabel(edge.text).join(""), o)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(!hasDot)("Graphviz renders and shows the texts", () => {
    fc.assert(
      fc.property(textArb, textArb, textArb, (q, o, say) => {
        const r = check(flowOf(q, o, say));
        fc.pre(r.errors === 0);
        const out = renderDot(toDot(r));
        expect(out.status).toBe(0);
        const texts = svgTexts(out.svg);
        const joined = texts.join("");
        // Each text appears, squashed, as the start of what Graphviz drew for it.
        for (const t of [q, o, say]) {
          const first = Array.from(asWritten(t)).slice(0, 8).join("");
          expect(squash(joined)).toContain(first);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("graph of matches, property", () => {
  it("draws every case of every match as one edge from its hexagon, labelled with its values", () => {
    fc.assert(
      fc.property(randomModel({ maxNodes: 3, saysFirst: true, matches: true }), (model) => {
        const printed = printFlow(model).text;
        const checked = check(printed);
        const m = toMermaid(checked);
        const hexagons = m.split("\n").filter((l) => /^ {2}match_\w+\{\{"/.test(l)).length;
        expect(hexagons).toBe(checked.graph.matches.length);
        const edges = m.split("\n").filter((l) => /^ {2}match_\w+ -(?:-|\.-)>\|"/.test(l));
        const labels = edges.map((l) => /\|"([^"]*)"\|/.exec(l)![1]!.split("<br>⚠")[0]!.replace(/<br>/g, " "));
        const expected = checked.graph.matches.flatMap((g) => [
          ...g.cases.map((c) => c.values.join(", ")),
          ...(g.else !== null ? ["else"] : []),
        ]);
        expect([...labels].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 150 },
    );
  });
});

describe("graph docs", () => {
  it("docs/graph.md shows the current Mermaid of flows/order-status.flow", () => {
    const doc = readFileSync(`${root}docs/graph.md`, "utf8");
    const block = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    // If this fails after a change to the flow or the diagrams, paste the output of
    // `flowc graph flows/order-status.flow` into the block.
    expect(block).toBe(toMermaid(check(orderStatus)));
  });

  it("docs/images/order-status.svg is a Graphviz picture of every question of the flow", () => {
    const svg = readFileSync(`${root}docs/images/order-status.svg`, "utf8");
    expect(svg).toContain("<svg");
    const texts = svgTexts(svg).join(" ");
    const r = check(orderStatus);
    expect(r.graph.asks.length).toBeGreaterThan(4);
    for (const ask of r.graph.asks) expect(texts).toContain(ask.decl.text.raw.slice(0, 20));
    // Regenerate with: flowc graph flows/order-status.flow --out docs/images/order-status.svg
    for (const id of ["start", "finish", ...r.graph.asks.map((a) => `ask_${a.id}`)]) {
      expect(svg).toContain(`<title>${id}</title>`);
    }
  });
});

describe("graph content", () => {
  it("draws questions, options, outputs, the finish and `-> start`", () => {
    const m = toMermaid(fixture("loops"));
    expect(m.startsWith("flowchart TD\n")).toBe(true);
    expect(m).toContain('  start(["Петли"])');
    expect(m).toContain('  ask_topic{"Тема"}');
    expect(m).toContain('  step_start["say: Здравствуйте, {client_name}!"]');
    expect(m).toContain("  step_start --> ask_topic");
    expect(m).toContain('  ask_topic -->|"Статус заказа"| ask_number');
    // `-> start` and a jump back to an earlier question are dashed edges.
    expect(m).toContain('  ask_topic -.->|"На главную"| start');
    expect(m).toContain("  step_number_no -.-> ask_number");
    // Falling through from "Есть" reaches the ticket after the question.
    expect(m).toMatch(/ {2}ask_number -->\|"Есть"\| after_number\n/);
    expect(m).toContain(
      '  after_number["ticket: Проверить заказ (Доставка)<br>say: Передал(а) коллегам."]',
    );
    expect(m).toContain("  after_number --> finish");
    expect(m).toContain('  finish((("end")))');
  });

  it("marks problems: dead end, missing node, todo, unreachable node, single option", () => {
    const m = toMermaid(fixture("problems"));
    expect(m).toContain('  ask_first -->|"Ничего<br>⚠ dead end: nothing is shown"| finish');
    expect(m).toContain('  ask_first -->|"Потерялось<br>⚠ no such node"| missing_nowhere');
    expect(m).toContain('  missing_nowhere[/"no node “nowhere”"/]');
    expect(m).toContain('  ask_first -->|"Потом"| step_first_later');
    expect(m).toContain('  step_first_later["TODO: Дописать сценарий"]');
    expect(m).toContain('  ask_only{"Точно?<br>⚠ only one option"}');
    expect(m).toContain('  node_orphan["say: Сюда никто не попадает.<br>⚠ never reached"]');
    const classLine = (name: string) =>
      m.split("\n").find((l) => l.startsWith("  class ") && l.endsWith(` ${name}`)) ?? "";
    expect(classLine("error").split(" ")[3]!.split(",")).toEqual([
      "missing_nowhere",
      "node_orphan",
    ]);
    expect(classLine("warning").split(" ")[3]!.split(",")).toEqual([
      "step_first_later",
      "ask_only",
    ]);
    expect(classLine("unreachable")).toBe("  class node_orphan unreachable");
    // Edges by index, in drawing order: "Ничего" is the first option edge after start → ask.
    expect(m).toContain("  linkStyle 1,2 stroke:#c62828,stroke-width:2px,color:#c62828");
    // "Потом" shows a todo: the step is marked, the edge is not (no silent-end on top).
    expect(m).not.toContain("  linkStyle 3 ");

    const d = toDot(fixture("problems"));
    expect(d).toMatch(
      / {2}ask_first -> finish \[label="Ничего\\n⚠ dead end: nothing is shown", color="#c62828"/,
    );
    expect(d).toMatch(
      / {2}node_orphan \[shape=box, [^\n]*color="#c62828"[^\n]*style="rounded,filled,dashed"\];/,
    );
  });

  it("draws a match as a decision on the input with one edge per case and one for else", () => {
    const m = toMermaid(fixture("match"));
    expect(m).toContain('  match_client_type{{"Кто оформил заказ<br>(client_type)"}}');
    expect(m).toContain("  step_start --> match_client_type");
    expect(m).toContain('  match_client_type -->|"person"| match_method');
    expect(m).toContain('  match_client_type -->|"company, government"| step_client_type_company');
    expect(m).toContain('  match_method -->|"courier"| step_method_courier');
    expect(m).toContain('  match_method -->|"else"| step_method_else');
    // The second match on `method` misses values: marked on its hexagon.
    expect(m).toContain('  match_method__2{{"method<br>⚠ values without a case"}}');
    expect(m).toContain('  match_method__2 -->|"pickup"| finish');
    const d = toDot(fixture("match"));
    expect(d).toContain(
      '  match_client_type [shape=hexagon, label="Кто оформил заказ\\n(client_type)", tooltip="match client_type “Кто оформил заказ”", fillcolor="#f3e5f5", style="filled"];',
    );
    expect(d).toContain('  match_client_type -> step_client_type_company [label="company, government"];');
    expect(d).toContain('  match_method -> step_method_else [label="else"];');
    // A case naming a value the input does not list marks its edge.
    const unknown = toMermaid(check('flow u\ninput k { value a value b }\nmatch k {\n  case a { say "A" }\n  case c { say "C" }\n  else { say "B" }\n}\n'));
    expect(unknown).toContain('  match_k -->|"c<br>⚠ no such value"| step_k_c');
  });

  it("marks an endless loop of jumps where it is", () => {
    const m = toMermaid(fixture("loops"));
    expect(m).toContain('  node_a["note: A<br>⚠ no way out"]');
    expect(m).toContain("  node_a -.-> node_a");
    const self = toMermaid(check("flow s\n-> start\n"));
    expect(self).toContain('  start(["s<br>⚠ no way out"])');
    expect(self).toContain("  start -.-> start");
    expect(m).toMatch(/\n {2}class node_a error\n/);
  });

  it("dashes a loop among unreachable nodes too", () => {
    const m = toMermaid(
      check('flow c\nsay "x"\nend\nnode a {\n  note "A"\n  -> b\n}\nnode b {\n  note "B"\n  -> a\n}\n'),
    );
    expect(m).toContain("  node_a --> node_b");
    expect(m).toContain("  node_b -.-> node_a");
    // Unreached parts are drawn after the reached ones, in source order.
    expect(m.indexOf('  node_a["')).toBeLessThan(m.indexOf('  node_b["'));
    expect(m.indexOf("  finish(")).toBeLessThan(m.indexOf('  node_a["'));
  });

  it("is deterministic and its ids do not depend on the rest of the file", () => {
    const text = readFileSync(`${dir}loops.flow`, "utf8");
    expect(toMermaid(check(text))).toBe(toMermaid(check(text)));
    const ids = (t: string) =>
      new Set([...toMermaid(check(t)).matchAll(/^ {2}(\w+)[[({/]/gm)].map((m) => m[1]));
    const before = ids(text);
    // A new option and node before the others keep every other id.
    const after = ids(
      text
        .replace(
          'option status "Статус заказа" -> status',
          'option extra "Ещё" -> extra\n  option status "Статус заказа" -> status',
        )
        .replace(
          "node status {",
          'node extra {\n  ask extra "Ещё?" { option x "X" { say "x" } option y "Y" { say "y" } }\n}\n\nnode status {',
        ),
    );
    for (const id of before) expect(after).toContain(id);
    expect(after).toContain("ask_extra");
  });

  it("gives clashing or non-ASCII names distinct ASCII ids", () => {
    const text = [
      "flow ids",
      'ask физлицо "Кто?" { option a "A" -> узел option b "B" -> uzel }',
      'node узел { say "x" }',
      'node uzel { say "clash after transliteration" }',
    ].join("\n");
    const m = toMermaid(check(text));
    expect(m).toContain("  ask_fizlitso{");
    expect(m).toContain("  node_uzel[");
    expect(m).toContain("  node_uzel__2[");
    for (const line of m.split("\n").slice(1)) {
      const id = line.trim().split(/[\s[({/>-]/)[0]!;
      if (id !== "" && !["classDef", "class", "linkStyle", "%%"].includes(id))
        expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    }
  });

  it("diagram() picks the format", () => {
    const r = fixture("loops");
    expect(diagram(r, "dot")).toBe(toDot(r));
    expect(diagram(r, "mermaid")).toBe(toMermaid(r));
  });

  it("draws a flow with errors, and any recovered file without throwing", () => {
    for (const text of [
      "",
      "flow",
      "flow x\nask {",
      'flow x\nask "q" { option "a" -> }',
      "node n { -> n }",
    ]) {
      const r = check(text);
      expect(toMermaid(r)).toMatch(/^flowchart TD\n/);
      expect(toDot(r)).toMatch(/^digraph /);
    }
  });

  it("draws 100,000 questions and a 100,000-long jump chain without recursion", () => {
    const n = 100_000;
    const lines = ["flow long", "-> n0"];
    for (let i = 0; i < n; i++) {
      lines.push(
        `node n${i} { ask "Q${i}" { option go "Go" ${i + 1 < n ? `-> n${i + 1}` : '{ say "done" }'} option stop "Stop" { say "s" } } }`,
      );
    }
    const r = check(lines.join("\n"));
    const m = toMermaid(r);
    expect(m).toContain(`  ask_n${n - 1}{"Q${n - 1}"}`);
    expect(toDot(r)).toContain(`ask_n${n - 1} -> `);

    const jumps = ["flow jumps", "-> j0"];
    for (let i = 0; i < n; i++)
      jumps.push(`node j${i} { ${i + 1 < n ? `-> j${i + 1}` : 'say "end"'} }`);
    const jm = toMermaid(check(jumps.join("\n")));
    // Bare jumps are skipped: start → the one box that says something → end.
    expect(jm).toContain(`  start --> node_j${n - 1}`);
  }, 300_000);
});
