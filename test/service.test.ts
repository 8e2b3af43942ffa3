import { readFileSync } from "node:fs";
import { join } from "node:path";
import { check, format } from "@flowc/dsl";
import {
  analyze,
  codeActions,
  completions,
  definition,
  diagnostics,
  documentHighlights,
  documentSymbols,
  foldingRanges,
  formatDocument,
  formatRange,
  hover,
  prepareRename,
  references,
  rename,
  type FlowDocument,
  type LspPosition,
  type LspTextEdit,
} from "@flowc/dsl/service";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// The language service on real .flow files (test/fixtures/service/): each
// feature is asked at a place found by searching the text, and its answer
// is compared with what the file says.

const dir = join(import.meta.dirname, "fixtures", "service");
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const open = (name: string, text = read(name)) => analyze(text, `file:///flows/${name}`, 1);

/** The position of the `nth` occurrence of `needle`, `at` characters into it. */
function pos(text: string, needle: string, at = 0, nth = 0): LspPosition {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} not found`);
  }
  offset += at;
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The text after applying edits (given in any order, not overlapping). */
function apply(text: string, edits: readonly LspTextEdit[]): string {
  const lines = text.split("\n");
  const offset = (p: LspPosition) => {
    let o = 0;
    for (let l = 0; l < p.line; l++) o += lines[l]!.length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const labels = (doc: FlowDocument, p: LspPosition) => completions(doc, p).map((c) => c.label);

describe("diagnostics", () => {
  it.each(["order-status.flow", "slips.flow", "quotes.flow", "unclosed.flow", "unreachable.flow"])(
    "%s: exactly what flowc check reports",
    (name) => {
      const text = read(name);
      const expected = check(text, name);
      const got = diagnostics(open(name));
      expect(got.map((d) => d.code)).toEqual(expected.diagnostics.map((d) => d.code));
      expect(got.map((d) => d.message.split("\nhint: ")[0])).toEqual(expected.diagnostics.map((d) => d.message));
      expect(got.map((d) => d.message.split("\nhint: ")[1])).toEqual(expected.diagnostics.map((d) => d.hint));
      // Ranges: LSP's 0-based line and UTF-16 character against check's 1-based line and code-point column
      // (the same on these files: no letter outside the BMP).
      const lines = text.split("\n");
      expected.diagnostics.forEach((d, i) => {
        const start = got[i]!.range.start;
        const before = text.slice(0, d.span.start).split("\n");
        expect(start).toEqual({ line: before.length - 1, character: before[before.length - 1]!.length });
        expect(lines[start.line]).toBeDefined();
        expect(got[i]!.severity).toBe(d.severity === "error" ? 1 : 2);
      });
    },
  );

  it("counts positions in UTF-16 units and skips a byte-order mark", () => {
    const text = '\uFEFFflow x "😀 t"\nsay "😀 {nobody}"\n';
    const [d] = diagnostics(analyze(text));
    expect(d!.code).toBe("undeclared-input");
    expect(d!.range).toEqual({ start: { line: 1, character: 8 }, end: { line: 1, character: 16 } });
    const first = analyze('\uFEFFflow x "t"\nsay "{nobody}"\n');
    expect(definition(first, { line: 1, character: 0 })).toBeNull();
  });
});

describe("completion", () => {
  const text = read("order-status.flow");
  const doc = open("order-status.flow");

  it("offers node names and start after ->", () => {
    const items = completions(doc, pos(text, "-> who_ordered", 3));
    expect(items.map((i) => i.label)).toEqual(["who_ordered", "start"]);
    expect(items[0]!.textEdit!.range).toEqual({
      start: pos(text, "-> who_ordered", 3),
      end: pos(text, "-> who_ordered", 3 + "who_ordered".length),
    });
  });

  it("offers ticket properties inside a ticket, and required after a field's label", () => {
    expect(labels(doc, pos(text, "      queue", 6))).toEqual(["queue", "priority", "field", "attach"]);
    expect(labels(doc, pos(text, '"Комментарий" required', 14))).toContain("required");
    expect(labels(doc, pos(text, "priority high", 9))).toEqual(["low", "normal", "high", "urgent"]);
  });

  it("offers statements in a body, options in an ask, inputs in a placeholder", () => {
    expect(labels(doc, pos(text, '    note "Сделайте', 4))).toEqual(["ask", "match", "say", "note", "ticket", "todo", "end", "->"]);
    expect(labels(doc, pos(text, "  option other", 2))).toEqual(["option"]);
    expect(labels(doc, pos(text, "{client_name}, уже", 1))).toEqual(["client_name", "order_id"]);
    const item = completions(doc, pos(text, "{order_id}", 4))[0]!;
    expect(item.detail).toBe("input client_name “Имя клиента”");
  });

  it("offers nothing in a comment or plain text, and only node after the first node", () => {
    expect(labels(doc, pos(text, "Order status", 3))).toEqual([]);
    expect(labels(doc, pos(text, "Статус заказа/упаковки", 3))).toEqual([]);
    const end = { line: text.split("\n").length - 1, character: 0 };
    expect(labels(doc, end)).toEqual(["node"]);
  });

  it("each keyword comes with its description from the keyword table", () => {
    const say = completions(doc, pos(text, '    note "Сделайте', 4)).find((c) => c.label === "say")!;
    expect(say.detail).toMatch(/say to the customer/);
  });

  it("works on a half-typed line the parser cannot read", () => {
    const cut = text.indexOf('  ask "На кого');
    const typed = `${text.slice(0, cut)}  sa\n${text.slice(cut)}`;
    const half = analyze(typed);
    expect(half.result.errors).toBeGreaterThan(0);
    const at = pos(typed, "  sa\n", 4);
    const items = completions(half, at);
    expect(items.map((i) => i.label)).toContain("say");
    expect(items.find((i) => i.label === "say")!.textEdit!.range.start.character).toBe(2);
    const jump = `${text.slice(0, cut)}  -> \n${text.slice(cut)}`;
    expect(labels(analyze(jump), pos(jump, "  -> \n", 5))).toEqual(["who_ordered", "start"]);
    const fresh = analyze("");
    expect(labels(fresh, { line: 0, character: 0 })).toEqual(["flow"]);
    const header = 'flow x "X"\n';
    expect(labels(analyze(header), { line: 1, character: 0 })).toContain("input");
  });
});

describe("hover", () => {
  const text = read("order-status.flow");
  const doc = open("order-status.flow");
  const md = (p: LspPosition) => hover(doc, p)?.contents.value ?? "";

  it("on an ask: its id, options and the shortest choices that reach it", () => {
    const delivery = md(pos(text, "ask delivery", 5));
    expect(delivery).toContain("**ask** `delivery`");
    expect(delivery).toContain("`courier` “Курьер” → `start`");
    expect(delivery).toContain("Reached by: `situation` → `completed_not_received` → `person`");
    const derived = md(pos(text, 'ask "На кого', 1));
    expect(derived).toContain("**ask** `who_ordered` (derived id)");
    expect(derived).toMatch(/Derived ids move when an ask is inserted/);
    expect(md(pos(text, "ask situation", 6))).toContain("Asked first");
  });

  it("on a node: the jumps that lead to it", () => {
    const node = md(pos(text, "node who_ordered", 6));
    expect(node).toContain("Reached by 2 jumps");
    expect(node).toContain("- line 11");
    expect(node).toContain("- line 22");
  });

  it("on a placeholder or input: the input's label; on a keyword: its description", () => {
    expect(md(pos(text, "{client_name}, уже", 3))).toContain("“Имя клиента”");
    expect(md(pos(text, "input order_id", 7))).toContain("Used in 1 text");
    expect(md(pos(text, "      queue", 7))).toMatch(/^\*\*queue\*\* — The queue the ticket goes to/);
    expect(md(pos(text, "Статусы", 2))).toBe("");
  });
});

describe("definition, references, highlights", () => {
  const text = read("order-status.flow");
  const doc = open("order-status.flow");

  it("go to definition of a node, an input and start", () => {
    expect(definition(doc, pos(text, "-> who_ordered", 5))!.range.start).toEqual(pos(text, "node who_ordered", 5));
    expect(definition(doc, pos(text, "{order_id}", 2))!.range.start).toEqual(pos(text, "input order_id", 6));
    expect(definition(doc, pos(text, "-> start", 4))!.range.start).toEqual(pos(text, "flow order_status", 5));
    expect(definition(doc, pos(text, "Статусы", 1))).toBeNull();
  });

  it("references of a node and of an input, with or without the declaration", () => {
    const at = pos(text, "node who_ordered", 6);
    expect(references(doc, at, true)).toHaveLength(3);
    expect(references(doc, at, false).map((l) => l.range.start.line)).toEqual([10, 21]);
    const input = references(doc, pos(text, "input client_name", 7), true);
    expect(input.map((l) => l.range.start.line)).toEqual([3, 19, 30]);
    expect(input.every((l) => l.uri === "file:///flows/order-status.flow")).toBe(true);
  });

  it("highlights: written where declared, read where used", () => {
    const h = documentHighlights(doc, pos(text, "-> who_ordered", 4));
    expect(h.map((x) => x.kind).sort()).toEqual([2, 2, 3]);
  });
});

describe("rename", () => {
  const text = read("order-status.flow");
  const doc = open("order-status.flow");

  it("renames a node and every jump to it", () => {
    const answer = rename(doc, pos(text, "-> who_ordered", 4), "customer_kind");
    if (!("edit" in answer)) throw new Error(answer.reason);
    const edits = answer.edit.documentChanges[0]!.edits;
    expect(edits).toHaveLength(3);
    const after = apply(text, edits);
    expect(after).not.toContain("who_ordered");
    expect(check(after).diagnostics.map((d) => d.code)).toEqual(check(text).diagnostics.map((d) => d.code));
  });

  it("renames an input and its placeholders follow", () => {
    const answer = rename(doc, pos(text, "{client_name}, уже", 2), "customer");
    if (!("edit" in answer)) throw new Error(answer.reason);
    const after = apply(text, answer.edit.documentChanges[0]!.edits);
    expect(after).toContain("input customer ");
    expect(after).toContain("{customer}, уже");
    expect(after).toContain("{customer}, проверяю");
  });

  it("renames an input in every text a statement holds, a ticket's queue included", () => {
    const source = 'flow t\ninput team "Команда"\nticket "Заявка {team}" {\n  queue "Очередь {team}"\n  field c "Для {team}"\n}\n';
    const answer = rename(open("queue.flow", source), pos(source, "{team}", 1, 1), "group");
    if (!("edit" in answer)) throw new Error(answer.reason);
    expect(apply(source, answer.edit.documentChanges[0]!.edits).match(/\{group\}/g)).toHaveLength(3);
  });

  it("an explicit ask or option id says that saved sessions replay by id", () => {
    const answer = rename(doc, pos(text, "option courier", 8), "by_courier");
    if (!("edit" in answer)) throw new Error(answer.reason);
    expect(answer.edit.documentChanges[0]!.edits[0]!.annotationId).toBe("flowc.sessionId");
    expect(Object.values(answer.edit.changeAnnotations!)[0]!.description).toMatch(/Saved sessions replay/);
    expect(prepareRename(doc, pos(text, "ask delivery", 5))).toMatchObject({ placeholder: "delivery" });
  });

  it("refuses start, keywords, bad names and a name already taken", () => {
    expect(prepareRename(doc, pos(text, "-> start", 4))).toHaveProperty("reason");
    expect(prepareRename(doc, pos(text, "Статусы", 1))).toHaveProperty("reason");
    expect(prepareRename(doc, pos(text, 'ask "На кого', 1))).toEqual({
      reason: 'This ask\'s id `who_ordered` is derived from where it stands; give it an explicit id (`ask name "…"`) to name it.',
    });
    expect(rename(doc, pos(text, "node who_ordered", 6), "say")).toHaveProperty("reason");
    expect(rename(doc, pos(text, "node who_ordered", 6), "two words")).toHaveProperty("reason");
    expect(rename(doc, pos(text, "input order_id", 6), "client_name")).toHaveProperty("reason");
  });
});

describe("outline and folding", () => {
  it("symbols: inputs, the entry and nodes, asks with their options", () => {
    const symbols = documentSymbols(open("order-status.flow"));
    expect(symbols.map((s) => s.name)).toEqual(["client_name", "order_id", "start", "who_ordered"]);
    const start = symbols[2]!;
    expect(start.children.map((c) => c.name)).toEqual(["situation"]);
    expect(start.children[0]!.children.map((c) => c.name)).toEqual([
      "completed_not_received",
      "cancelled_in_wcrm",
      "other",
    ]);
    const node = symbols[3]!;
    const person = node.children[0]!.children[0]!;
    expect(node.children[0]!.name).toBe("who_ordered");
    expect(person.children.map((c) => c.name)).toEqual(["delivery"]);
  });

  it("a file that does not parse still has symbols and folding for its intact parts", () => {
    const doc = open("unclosed.flow");
    expect(doc.result.errors).toBeGreaterThan(0);
    const names = documentSymbols(doc).map((s) => s.name);
    expect(names).toContain("start");
    expect(names).toContain("tail");
    expect(foldingRanges(doc).length).toBeGreaterThan(1);
  });

  it("folds nodes, asks, option bodies, tickets, triple texts and comments", () => {
    const text = read("order-status.flow");
    const folds = foldingRanges(open("order-status.flow"));
    const has = (start: number, end: number, kind?: string) =>
      folds.some((f) => f.startLine === start && f.endLine === end && f.kind === kind);
    expect(has(pos(text, "/*").line, pos(text, "*/").line, "comment")).toBe(true);
    expect(has(pos(text, "// Who").line, pos(text, "// (Comp").line, "comment")).toBe(true);
    expect(has(pos(text, "node who_ordered").line, pos(text, "  }\n}").line)).toBe(true);
    expect(has(pos(text, "ticket").line, pos(text, "attach").line)).toBe(true);
    expect(has(pos(text, 'say """').line, pos(text, '"""', 0, 1).line)).toBe(true);
    expect(folds.every((f) => f.endLine > f.startLine)).toBe(true);
  });
});

describe("formatting", () => {
  const messy = 'flow m   "M"\nsay    "Hello"\n\n\n  ask q "Q?" {\noption a "A"   { say "a" }\n  option b "B" {say "b"}\n}\n';

  it("whole document: the formatter's output, as line edits", () => {
    const doc = analyze(messy);
    const edits = formatDocument(doc);
    expect(apply(messy, edits)).toBe(format(messy).text);
    expect(formatDocument(analyze(format(messy).text!))).toEqual([]);
  });

  it("range: only the changes on the lines asked for", () => {
    const doc = analyze(messy);
    const edits = formatRange(doc, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    const after = apply(messy, edits);
    expect(after).toContain('\nsay "Hello"\n');
    // Nothing is lost or doubled by formatting part of the file.
    expect(after.replace(/\s+/g, "")).toBe(messy.replace(/\s+/g, ""));
    expect(apply(messy, edits)).toContain('option a "A"   { say "a" }');
  });

  it("leaves a file with syntax errors alone", () => {
    expect(formatDocument(open("quotes.flow"))).toEqual([]);
  });
});

describe("code actions", () => {
  const fixes = (doc: FlowDocument) =>
    diagnostics(doc).flatMap((d) => codeActions(doc, d.range, [d]).map((a) => ({ d, a })));
  const titles = (doc: FlowDocument) => fixes(doc).map((f) => f.a.title);
  const applyFix = (doc: FlowDocument, title: string) => {
    const fix = fixes(doc).find((f) => f.a.title === title);
    if (fix === undefined) throw new Error(`no fix ${title} in ${titles(doc).join(" | ")}`);
    return apply(doc.text, fix.a.edit.documentChanges[0]!.edits);
  };

  it("did-you-mean, look-alike letters and create a missing node", () => {
    const doc = open("slips.flow");
    expect(titles(doc)).toEqual([
      "Change `who_orderd` to `who_ordered`",
      "Create node `who_orderd`",
      "Replace look-alike letters: `sаy` → `say`",
      "Change `{client_nam}` to `{client_name}`",
    ]);
    let text = applyFix(doc, "Change `who_orderd` to `who_ordered`");
    text = applyFix(analyze(text), "Replace look-alike letters: `sаy` → `say`");
    text = applyFix(analyze(text), "Change `{client_nam}` to `{client_name}`");
    expect(check(text).diagnostics.map((d) => d.code)).toEqual(["unreachable-node"]);
    const created = applyFix(doc, "Create node `who_orderd`");
    expect(created).toMatch(/\nnode who_orderd \{\n {2}todo "Write what happens in who_orderd"\n\}\n$/);
    expect(check(created).diagnostics.map((d) => d.code)).not.toContain("undefined-target");
  });

  it("removes an unreachable node", () => {
    const doc = open("unreachable.flow");
    const text = applyFix(doc, "Remove the unreachable node `lonely`");
    expect(text).not.toMatch(/node lonely\b/);
    expect(text).toContain("node also_lonely");
    expect(check(text).diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("also_lonely"),
    ]);
    const both = applyFix(analyze(text), "Remove the unreachable node `also_lonely`");
    expect(check(both).errors).toBe(0);
    expect(format(both).text).toBe(both);
  });

  it("straightens «…» and '…' quotes into \"…\"", () => {
    const doc = open("quotes.flow");
    // Asked once for the whole file with all its diagnostics: one fix per line, however many errors it has.
    const whole = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    const all = codeActions(doc, whole, diagnostics(doc)).filter((a) => a.title.startsWith("Straighten"));
    expect(all).toHaveLength(2);
    let text = doc.text;
    for (const a of all.reverse()) text = apply(text, a.edit.documentChanges[0]!.edits);
    expect(text).toBe('flow quotes "Quotes"\n\nsay "Добрый день"\nsay "Hello" \n');
    expect(check(text).errors).toBe(0);
  });

  it("offers fixes from the document's own diagnostics when the editor sends none", () => {
    const text = read("slips.flow");
    const doc = open("slips.flow");
    const at = pos(text, "who_orderd", 2);
    expect(codeActions(doc, { start: at, end: at }, []).map((a) => a.title)).toContain(
      "Change `who_orderd` to `who_ordered`",
    );
  });
});

describe("robustness", () => {
  it("no feature throws on any text at any position, and every range lies in the text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."flow x input node ask option say note ticket -> { } \" \n « ' a б #/*".split("")) }),
        fc.nat(400),
        fc.nat(80),
        (text, line, character) => {
          const doc = analyze(text);
          const p = { line: line % 20, character };
          const lines = text.split("\n").length;
          const inside = (r: { start: LspPosition; end: LspPosition }) =>
            r.start.line < lines && r.end.line < lines;
          for (const d of diagnostics(doc)) expect(inside(d.range)).toBe(true);
          completions(doc, p);
          hover(doc, p);
          definition(doc, p);
          references(doc, p, true);
          documentHighlights(doc, p);
          prepareRename(doc, p);
          rename(doc, p, "fresh_name");
          for (const s of documentSymbols(doc)) expect(inside(s.range)).toBe(true);
          foldingRanges(doc);
          formatDocument(doc);
          codeActions(doc, { start: p, end: p }, []);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("no feature throws on random choice inputs and matches, whole or broken", () => {
    const words = ["flow x", "input k", "{", "}", "value a", "value b", "match k", "case a", "case b", ",", "else", "-> n", "node n", 'say "s"', 'ask "q"', 'option "o"', "\n"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), fc.nat(400), fc.nat(40), (list, line, character) => {
        const text = list.join(" ");
        const doc = analyze(text);
        const p = { line: line % 12, character };
        const lines = text.split("\n").length;
        for (const s of documentSymbols(doc)) expect(s.range.end.line).toBeLessThan(lines);
        completions(doc, p);
        hover(doc, p);
        definition(doc, p);
        references(doc, p, true);
        prepareRename(doc, p);
        rename(doc, p, "fresh_name");
        foldingRanges(doc);
        const whole = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
        for (const action of codeActions(doc, whole, [])) {
          for (const edit of action.edit.documentChanges[0]!.edits) expect(edit.range.end.line).toBeLessThan(lines);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("choice inputs and match", () => {
  const text = read("delivery.flow");
  const doc = open("delivery.flow");
  const md = (p: LspPosition) => hover(doc, p)?.contents.value ?? "";

  it("completes the values no other case names after `case` and after a comma, choice inputs after `match`", () => {
    const typed = text.replace("  case person -> person_delivery\n", "  case person -> person_delivery\n  case \n");
    const half = analyze(typed);
    const at = pos(typed, "  case \n", 7);
    expect(labels(half, at)).toEqual(["government"]);
    const item = completions(half, at)[0]!;
    expect(item.detail).toBe("value government “Госзаказчик” of client_type");
    const comma = text.replace("case company {", "case company,  {");
    expect(labels(analyze(comma), pos(comma, "case company,  {", 14))).toEqual(["government"]);
    const matched = text.replace("match method {", "match  {");
    expect(labels(analyze(matched), pos(matched, "match  {", 6))).toEqual(["client_type", "method"]);
  });

  it("a name every object has (`constructor`, `__proto__`) is no block word to completion", () => {
    const inherited = "flow x\nnode constructor {\n  \n}\nnode __proto__ {\n  \n}\n";
    const d = analyze(inherited);
    expect(labels(d, { line: 2, character: 2 })).toContain("say");
    expect(labels(d, { line: 5, character: 2 })).toContain("match");
  });

  it("completes `case` and `else` inside a match, `value` inside a choice input's braces", () => {
    expect(labels(doc, pos(text, "  case company", 2))).toEqual(["case", "else"]);
    expect(labels(doc, pos(text, "  value company", 2))).toEqual(["value"]);
    expect(labels(doc, pos(text, "  case company", 7))).toEqual(["company", "government"]);
    expect(labels(doc, pos(text, "  case company", 9))).toEqual(["company", "government"]);
  });

  it("hover on a case's value shows its label and the cases that name it; on a choice input, its values", () => {
    expect(md(pos(text, "case company", 6))).toBe(
      `**value** \`company\` of input \`client_type\` — “Юр.лицо”\n\nNamed by 1 case: line 17`,
    );
    expect(md(pos(text, "value government", 7))).toContain("No case names it.");
    const input = md(pos(text, "match client_type", 7));
    expect(input).toContain("**input** `client_type` — “Кто оформил заказ”");
    expect(input).toContain("used in 1 match and 1 text");
    expect(input).toContain("- `government` “Госзаказчик”");
  });

  it("goes from a case's value to its `value` line, and finds the cases that name a value", () => {
    const found = definition(doc, pos(text, "case courier", 6))!;
    expect(found.range.start).toEqual(pos(text, "value courier", 6));
    const refs = references(doc, pos(text, "value person", 6), true).map((r) => r.range.start);
    expect(refs).toEqual([pos(text, "value person", 6), pos(text, "case person", 5)]);
    // The input's matches are references of the input.
    expect(references(doc, pos(text, "input method", 6), false).map((r) => r.range.start)).toEqual([
      pos(text, "match method", 6),
    ]);
  });

  it("renames a value with the cases that name it, and refuses a name the input already has", () => {
    const answer = rename(doc, pos(text, "case person", 6), "individual");
    expect("edit" in answer).toBe(true);
    if (!("edit" in answer)) return;
    const renamed = apply(text, answer.edit.documentChanges[0]!.edits);
    expect(renamed).toContain("value individual \"Физ.лицо\"");
    expect(renamed).toContain("case individual -> person_delivery");
    expect(check(renamed).diagnostics.map((d) => d.code)).not.toContain("unknown-case");
    expect(rename(doc, pos(text, "value person", 6), "company")).toEqual({
      reason: "The input `client_type` already has a value named `company`.",
    });
    const input = rename(doc, pos(text, "input method", 6), "delivery_method");
    expect("edit" in input && apply(text, input.edit.documentChanges[0]!.edits)).toContain("match delivery_method {");
  });

  it("outline: a choice input with its values, a match with its cases, an ask under its case", () => {
    const symbols = documentSymbols(doc);
    const input = symbols.find((s) => s.name === "client_type")!;
    expect(input.children.map((c) => [c.name, c.detail])).toEqual([
      ["person", "Физ.лицо"],
      ["company", "Юр.лицо"],
      ["government", "Госзаказчик"],
    ]);
    const start = symbols.find((s) => s.name === "start")!;
    const match = start.children.find((c) => c.name === "match client_type")!;
    expect(match.children.map((c) => c.name)).toEqual(["person", "company"]);
    expect(match.children[1]!.children.map((c) => c.detail)).toEqual(["Есть доверенность?"]);
    const node = symbols.find((s) => s.name === "person_delivery")!;
    expect(node.children.map((c) => c.name)).toEqual(["match method"]);
  });

  it("folds choice inputs, matches and case bodies", () => {
    const folds = foldingRanges(doc).map((f) => [f.startLine, f.endLine]);
    const line = (needle: string) => pos(text, needle).line;
    expect(folds).toContainEqual([line("input client_type"), line('  value government')]);
    expect(folds).toContainEqual([line("match client_type"), line("      option no") + 2]);
    expect(folds).toContainEqual([line("    case pickup"), line("      say \"Заберите")]);
  });

  it("fixes the published non-exhaustive-match: the match is then complete", () => {
    const published = diagnostics(doc);
    expect(published.map((d) => d.code)).toEqual(["non-exhaustive-match"]);
    const fix = codeActions(doc, published[0]!.range, published);
    expect(fix.map((a) => a.title)).toEqual(["Add the missing case: `government`"]);
    const fixed = apply(text, fix[0]!.edit.documentChanges[0]!.edits);
    expect(check(fixed).diagnostics.map((d) => d.code)).toEqual(["todo"]);
  });

  it("adds the missing cases of a match, formatted", () => {
    // As the editor sends back a published diagnostic: its range and code.
    const missing = (d: FlowDocument, needle: string) => {
      const at = pos(d.text, needle);
      return codeActions(d, { start: at, end: at }, [{ range: { start: at, end: at }, message: "", code: "non-exhaustive-match" }]);
    };
    const fix = missing(doc, "match client_type");
    expect(fix.map((a) => a.title)).toEqual(["Add the missing case: `government`"]);
    const fixed = apply(text, fix[0]!.edit.documentChanges[0]!.edits);
    expect(fixed).toContain(
      '      option no "Нет" { say "Нужна доверенность" }\n    }\n  }\n  case government { todo "Write what happens when client_type is government" }\n}\n',
    );
    expect(format(fixed).text).toBe(fixed);
    expect(missing(analyze(fixed), "match client_type")).toEqual([]);
    // A match written on one line gets its cases on lines of their own.
    const oneLine = 'flow x\ninput k { value a value b value c }\nmatch k { case b -> n }\nnode n {\n  match k { case a { say \"A\" } }\n}\n';
    const d = analyze(oneLine);
    const inner = missing(d, "match k { case a");
    const outer = missing(d, "match k { case b");
    expect([...inner, ...outer].map((a) => a.title)).toEqual([
      "Add the missing cases: `b`, `c`",
      "Add the missing cases: `a`, `c`",
    ]);
    let out = apply(oneLine, inner[0]!.edit.documentChanges[0]!.edits);
    out = apply(out, outer[0]!.edit.documentChanges[0]!.edits);
    expect(out).toBe(
      "flow x\ninput k { value a value b value c }\n" +
        'match k { case b -> n\n  case a { todo "Write what happens when k is a" }\n  case c { todo "Write what happens when k is c" }\n}\n' +
        "node n {\n  match k { case a { say \"A\" }\n" +
        '    case b { todo "Write what happens when k is b" }\n    case c { todo "Write what happens when k is c" }\n  }\n}\n',
    );
    expect(format(out).text).not.toBeNull();
    expect(check(out).diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    // A case too long for one line is spread out, as the formatter would.
    const long = "v".repeat(60);
    const wide = `flow x\n\ninput k {\n  value a\n  value ${long}\n}\n\nmatch k {\n  case a { say "A" }\n}\n`;
    expect(format(wide).text).toBe(wide);
    const spread = apply(wide, missing(analyze(wide), "match k")[0]!.edit.documentChanges[0]!.edits);
    expect(spread).toContain(`  case ${long} {\n    todo "Write what happens when k is ${long}"\n  }\n}\n`);
    expect(format(spread).text).toBe(spread);
  });
});
