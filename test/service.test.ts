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
});
