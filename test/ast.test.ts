/**
 * The shape of the AST that `parse` builds: declarations, statements, decoded
 * texts with placeholder spans, comments, recovered (missing) parts, and
 * deep nesting.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AskStatement,
  type FlowFile,
  type MatchStatement,
  type OptionDecl,
  parse,
  type Statement,
  type TicketStatement,
} from "@flowc/dsl";
import { describe, expect, it } from "vitest";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/syntax/${name}.flow`, import.meta.url)), "utf8");

function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  return list[0]!;
}

function asAsk(s: Statement | undefined): AskStatement {
  expect(s?.kind).toBe("Ask");
  return s as AskStatement;
}

/** The literal value of a text with placeholders shown as {name}. */
function shown(text: { parts: readonly ({ kind: "Literal"; value: string } | { kind: "Placeholder"; name: string })[] }) {
  return text.parts.map((p) => (p.kind === "Literal" ? p.value : `{${p.name}}`)).join("");
}

describe("declarations", () => {
  const { file, diagnostics } = parse(fixture("spec-example"));

  it("parses the LANGUAGE.md example cleanly", () => {
    expect(diagnostics).toEqual([]);
  });

  it("reads the header and inputs", () => {
    expect(file.header?.id.name).toBe("order_status");
    expect(file.header?.title?.raw).toBe("Статусы заказа");
    const input = only(file.inputs);
    expect(input.id.name).toBe("client_name");
    expect(input.label?.raw).toBe("Имя клиента");
  });

  it("reads the entry: an ask with a target option and a body option", () => {
    const ask = asAsk(only(file.entry));
    expect(ask.id?.name).toBe("situation");
    expect(ask.text.raw).toBe("Статус заказа/упаковки");
    const [jump, body] = ask.options as [OptionDecl, OptionDecl];
    expect(jump.id?.name).toBe("completed_not_received");
    expect(jump.target).toMatchObject({ name: "who_ordered", isStart: false });
    expect(jump.body).toBeNull();
    expect(body.target).toBeNull();
    expect(body.body?.map((s) => s.kind)).toEqual(["Note", "Ticket", "Say"]);
  });

  it("reads a ticket with all its properties", () => {
    const ask = asAsk(file.entry[0]);
    const ticket = ask.options[1]!.body![1] as TicketStatement;
    expect(ticket.id).toBeNull();
    expect(ticket.title.raw).toBe("Изменить статус заказа на «Отменён»");
    expect(ticket.props).toEqual([
      expect.objectContaining({ kind: "Queue", text: expect.objectContaining({ raw: "WCRM" }) }),
      expect.objectContaining({ kind: "Field", id: expect.objectContaining({ name: "comment" }), required: true }),
      expect.objectContaining({ kind: "Attach", id: expect.objectContaining({ name: "screenshot" }), required: true }),
    ]);
  });

  it("reads nodes, asks without ids and options with bodies", () => {
    const node = only(file.nodes);
    expect(node.id.name).toBe("who_ordered");
    const ask = asAsk(only(node.body));
    expect(ask.id).toBeNull();
    expect(ask.options.map((o) => o.id?.name)).toEqual(["person", "company"]);
    expect(ask.options.map((o) => o.body?.[0]?.kind)).toEqual(["Todo", "Todo"]);
  });

  it("gives every node a span inside the text that starts at its keyword", () => {
    const text = fixture("spec-example");
    expect(text.slice(node(file).span.start, node(file).span.start + 4)).toBe("node");
    expect(text.slice(node(file).span.end - 1, node(file).span.end)).toBe("}");
    const ask = asAsk(file.entry[0]);
    expect(text.slice(ask.span.start, ask.span.end)).toMatch(/^ask situation[\s\S]*\}$/);
    const option = ask.options[0]!;
    expect(text.slice(option.span.start, option.span.end)).toBe(
      'option completed_not_received "Выполнен, но клиент не получил заказ/упаковку" -> who_ordered',
    );
  });
});

function node(file: FlowFile) {
  return file.nodes[0]!;
}

describe("statements", () => {
  it("reads say, note, todo, ticket and a jump in the entry", () => {
    const { file } = parse(fixture("statements"));
    expect(file.entry.map((s) => s.kind)).toEqual(["Say", "Note", "Todo", "Ticket", "Goto"]);
    const ticket = file.entry[3] as TicketStatement;
    expect(ticket.props).toBeNull();
    expect(file.entry[4]).toMatchObject({ kind: "Goto", target: { name: "next", isStart: false } });
  });

  it("reads `end` and `-> start`", () => {
    const { file } = parse(fixture("nodes"));
    expect(file.nodes.map((n) => n.id.name)).toEqual(["first", "second", "third", "empty"]);
    expect(file.nodes[1]!.body[1]).toMatchObject({ kind: "Goto", target: { name: "start", isStart: true } });
    expect(file.nodes[2]!.body).toEqual([expect.objectContaining({ kind: "End" })]);
    expect(file.nodes[3]!.body).toEqual([]);
  });

  it("reads every priority, an empty ticket block, and fields without `required`", () => {
    const { file } = parse(fixture("tickets"));
    const tickets = file.entry as TicketStatement[];
    expect(tickets.map((t) => t.id?.name ?? null)).toEqual([
      null,
      "plain",
      "empty",
      "full",
      "low_one",
      "normal_one",
      "high_one",
    ]);
    expect(tickets[0]!.props).toBeNull();
    expect(tickets[2]!.props).toEqual([]);
    expect(tickets[3]!.props!.map((p) => p.kind)).toEqual(["Queue", "Priority", "Field", "Field", "Attach", "Attach"]);
    expect(tickets[3]!.props!.filter((p) => "required" in p).map((p) => "required" in p && p.required)).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(tickets.slice(3).map((t) => t.props!.find((p) => p.kind === "Priority"))).toEqual([
      expect.objectContaining({ value: "urgent" }),
      expect.objectContaining({ value: "low" }),
      expect.objectContaining({ value: "normal" }),
      expect.objectContaining({ value: "high" }),
    ]);
  });

  it("nests asks in option bodies, and keeps statements after a nested ask", () => {
    const { file } = parse(fixture("nested-options"));
    const top = asAsk(file.entry[0]);
    expect(top.options.map((o) => o.id?.name ?? o.label.raw)).toEqual(["a", "b", "C"]);
    const level2 = asAsk(top.options[0]!.body![1]);
    expect(level2.id).toBeNull();
    const a1 = level2.options[0]!;
    const level3 = asAsk(a1.body![0]);
    expect(level3.id?.name).toBe("inner");
    expect(level3.options.map((o) => [o.target?.name ?? null, o.body === null ? null : o.body.length])).toEqual([
      [null, 1],
      ["somewhere", null],
      [null, null],
    ]);
    expect(a1.body![1]).toMatchObject({ kind: "Say" });
  });
});

describe("texts", () => {
  it("decodes every escape, and keeps \\{ \\} escaped in raw", () => {
    const { file, diagnostics } = parse(fixture("escapes"));
    expect(diagnostics).toEqual([]);
    const [one, block] = file.entry as unknown as [{ text: any }, { text: any }];
    expect(shown(one.text)).toBe('quote " backslash \\ newline \n tab \t braces { } emoji 😀 e-acute é');
    expect(one.text.raw).toBe('quote " backslash \\ newline \n tab \t braces \\{ \\} emoji 😀 e-acute é');
    expect(shown(block.text)).toBe('quote " backslash \\ tab \t braces { } A\na "bare" quote and a lone } brace');
    expect(block.text.triple).toBe(true);
  });

  it("splits placeholders, with spans on the braces in the source", () => {
    const text = fixture("placeholders");
    const { file } = parse(text);
    const says = file.entry as unknown as { text: any }[];
    const greeting = says[1]!.text;
    expect(greeting.parts.map((p: any) => p.kind)).toEqual(["Literal", "Placeholder", "Literal", "Placeholder", "Literal"]);
    for (const p of greeting.parts) {
      const written = text.slice(p.span.start, p.span.end);
      expect(written).toBe(p.kind === "Placeholder" ? `{${p.name}}` : p.value);
    }
    expect(greeting.raw).toBe("Здравствуйте, {name}! Заказ {order}.");
    // `\{name\}` is literal text; a lone `}` is literal too.
    expect(says[2]!.text.parts).toEqual([expect.objectContaining({ kind: "Literal", value: "Литерал {name} и одинокая } скобка" })]);
    expect(says[2]!.text.raw).toBe("Литерал \\{name\\} и одинокая } скобка");
    expect(says[3]!.text.parts.map((p: any) => p.name)).toEqual(["name", "order"]);
  });

  it("removes the common indentation of a block text, char by char", () => {
    const { file } = parse(fixture("triple-dedent"));
    const texts = file.entry.map((s) => ("text" in s ? s.text : null)!);
    expect(shown(texts[0]!)).toBe("four spaces\n  six spaces\n\nafter a blank line");
    expect(shown(texts[1]!)).toBe("one tab\n\ttwo tabs");
    expect(shown(texts[2]!)).toBe("");
    expect(texts[3]!.parts.map((p) => p.kind)).toEqual(["Literal", "Placeholder", "Literal"]);
    expect(texts[3]!.raw).toBe("text {name} here");
  });

  it("does not remove indentation that differs (a tab is not spaces)", () => {
    const { file, diagnostics } = parse('flow f\nsay """\n\tTab\n    Spaces\n"""\n');
    expect(diagnostics).toEqual([]);
    expect(shown((file.entry[0] as { text: any }).text)).toBe("\tTab\n    Spaces");
  });

  it("reads CRLF files like LF files", () => {
    const crlf = fixture("crlf");
    const lf = crlf.replace(/\r\n/g, "\n");
    const strip = (f: FlowFile) => JSON.stringify(f, (k, v) => (k === "span" ? undefined : v));
    const a = parse(crlf).file;
    const b = parse(lf).file;
    expect(strip(a).replace(/\\r/g, "")).toBe(strip(b));
    expect(shown((asAsk(a.entry[0]).options[1]!.body![0] as { text: any }).text)).toBe("line one\nline two");
  });

  it("ignores a BOM and normalises to NFC", () => {
    const bom = parse(fixture("bom"));
    expect(bom.file.header?.id.name).toBe("bom");
    expect(bom.file.header?.span.start).toBe(0);
    const nfc = parse(fixture("nfc"));
    expect(nfc.diagnostics).toEqual([]);
    expect(nfc.file.inputs[0]!.id.name).toBe("\u0439\u043c\u044f");
    const say = nfc.file.entry[0] as { text: any };
    expect(say.text.parts[0]).toMatchObject({ kind: "Placeholder", name: "\u0439\u043c\u044f" });
  });

  it("takes an option's label exactly as written for its key", () => {
    const { file } = parse('flow f\ninput name\nask "Q" { option "Привет, {name} \\{x\\} \\"q\\"" }\n');
    expect(asAsk(file.entry[0]).options[0]!.label.raw).toBe('Привет, {name} \\{x\\} "q"');
  });
});

describe("comments", () => {
  it("collects every comment in order, exactly as written", () => {
    const text = fixture("comments");
    const { file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(file.comments.map((c) => c.style)).toEqual([
      "line", "block", "block", "line", "line", "block", "line", "line", "line",
      "block", "line", "block", "line", "line", "line", "block", "block", "line",
    ]);
    for (const c of file.comments) expect(text.slice(c.span.start, c.span.end)).toBe(c.value);
    expect(file.comments[1]!.value).toBe("/* A block comment\n   over several lines. */");
    expect(file.comments.at(-1)!.value).toBe("// the last line, without a line break");
    const starts = file.comments.map((c) => c.span.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it("keeps a line comment's text without the CR of a CRLF line", () => {
    const { file } = parse("flow f // note\r\nsay \"x\"\r\n");
    expect(file.comments[0]!.value).toBe("// note");
  });
});

describe("names", () => {
  it("accepts Unicode letters in names", () => {
    const { file, diagnostics } = parse(fixture("unicode-ids"));
    expect(diagnostics).toEqual([]);
    expect(file.header?.id.name).toBe("обращение");
    expect(file.inputs.map((i) => i.id.name)).toEqual(["имя_клиента", "_служебное"]);
    expect(asAsk(file.entry[0]).options.map((o) => o.id?.name)).toEqual(["физлицо", "юрлицо", "客户"]);
    expect(file.nodes.map((n) => n.id.name)).toEqual(["физлицо", "ΑΒΓ_1"]);
  });

  it("treats priority words as names outside `priority`", () => {
    const { file, diagnostics } = parse(fixture("keyword-prefixes"));
    expect(diagnostics).toEqual([]);
    expect(asAsk(file.entry[0]).options.map((o) => o.id?.name)).toEqual(["low", "high", "urgent"]);
    expect(file.header?.id.name).toBe("flowchart");
  });

  it("keeps a reserved word used as a declared name, and reports it", () => {
    const { file, diagnostics } = parse("flow f\nnode end { say \"x\" }\n");
    expect(file.nodes[0]!.id.name).toBe("end");
    expect(diagnostics.map((d) => d.code)).toEqual(["reserved-word"]);
  });

  it("reads `-> end` as `end`, and an option's `-> end` as a body `{ end }`", () => {
    const { file, diagnostics } = parse('flow f\nask "Q" { option "a" -> end }\n-> end\n');
    expect(diagnostics.map((d) => d.code)).toEqual(["reserved-word", "reserved-word"]);
    const option = asAsk(file.entry[0]).options[0]!;
    expect(option.target).toBeNull();
    expect(option.body).toEqual([expect.objectContaining({ kind: "End" })]);
    expect(file.entry[1]).toMatchObject({ kind: "End" });
    expect(diagnostics[1]!.message).toBe("`end` is a statement that finishes the flow, not the name of a node");
    expect(diagnostics[1]!.hint).toBe("write `end` on its own line instead of `-> end`");
  });

  it("reads a case's and an else's `-> end` as a body `{ end }`, with one error each", () => {
    const { file, diagnostics } = parse(
      'flow f\ninput k { value a value b }\nmatch k {\n  case a -> end\n  else -> end\n}\n',
    );
    expect(diagnostics.map((d) => [d.code, d.hint])).toEqual([
      ["reserved-word", "write `{ end }` after the case's values instead of `-> end`"],
      ["reserved-word", "write `{ end }` after the `else` instead of `-> end`"],
    ]);
    const match = file.entry[0] as MatchStatement;
    expect(match.cases[0]).toMatchObject({ target: null, body: [{ kind: "End" }] });
    expect(match.else).toMatchObject({ target: null, body: [{ kind: "End" }] });
  });

  it("gives a missing target for another reserved word after `->`", () => {
    const { file, diagnostics } = parse("flow f\n-> say\n");
    expect(diagnostics.map((d) => d.code)).toEqual(["reserved-word"]);
    expect(file.entry[0]).toMatchObject({ kind: "Goto", target: { missing: true, name: "" } });
  });
});

describe("recovery", () => {
  it("synthesises a missing text where it should have been", () => {
    const { file } = parse("flow f\nsay\nnote \"ok\"\n");
    expect(file.entry.map((s) => s.kind)).toEqual(["Say", "Note"]);
    const say = file.entry[0] as { text: any };
    expect(say.text).toMatchObject({ missing: true, raw: "", parts: [], span: { start: 10, end: 10 } });
  });

  it("synthesises a missing name and a missing target", () => {
    const { file } = parse('flow f\nnode {\n  ask "Q" { option "a" -> }\n}\n');
    const n = file.nodes[0]!;
    expect(n.id).toMatchObject({ missing: true, name: "" });
    expect(n.id.span.start).toBe(n.id.span.end);
    expect(asAsk(n.body[0]).options[0]!.target).toMatchObject({ missing: true, name: "" });
  });

  it("has a null header when the file does not start with `flow`", () => {
    const { file } = parse('say "x"\n');
    expect(file.header).toBeNull();
    expect(file.entry.map((s) => s.kind)).toEqual(["Say"]);
  });

  it("leaves out statements after the first node, and keeps a late input", () => {
    const { file } = parse('flow f\nsay "a"\ninput late\nnode n { say "b" }\nsay "c"\n');
    expect(file.entry.map((s) => (s as { text: any }).text.raw)).toEqual(["a"]);
    expect(file.inputs.map((i) => i.id.name)).toEqual(["late"]);
    expect(file.nodes).toHaveLength(1);
  });

  it("closes a node at the next `node` when its `}` is missing", () => {
    const { file } = parse('flow f\nnode a {\n  say "a"\nnode b {\n  say "b"\n}\n');
    expect(file.nodes.map((n) => [n.id.name, n.body.length])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });

  it("reports every error in one run, in source order", () => {
    const { diagnostics } = parse(fixture("syntax-many-errors"));
    expect(diagnostics.length).toBe(5);
    const starts = diagnostics.map((d) => d.span.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });
});

describe("deep nesting", () => {
  /** `levels` asks, each in the body of the previous one's only option; texts carry the level. */
  function nested(levels: number): string {
    let head = "flow deep\n";
    let tail = "";
    for (let i = 1; i <= levels; i++) {
      head += `ask "q${i}" { option "a${i}" {\n`;
      tail = "} }\n" + tail;
    }
    return `${head}say "bottom"\n${tail}`;
  }

  /** Walk down the only option's body, iteratively; the texts of the asks met. */
  function spine(file: FlowFile): { asks: string[]; bottom: Statement[] } {
    const asks: string[] = [];
    let body: readonly Statement[] = file.entry;
    while (body.length === 1 && body[0]!.kind === "Ask") {
      const ask = body[0] as AskStatement;
      asks.push(ask.text.raw);
      body = ask.options[0]!.body ?? [];
    }
    return { asks, bottom: [...body] };
  }

  it("builds 200 levels in order (the most LANGUAGE.md guarantees)", () => {
    const { file, diagnostics } = parse(nested(200));
    expect(diagnostics).toEqual([]);
    const { asks, bottom } = spine(file);
    expect(asks).toEqual(Array.from({ length: 200 }, (_, i) => `q${i + 1}`));
    expect(bottom).toEqual([expect.objectContaining({ kind: "Say" })]);
  });

  it("reports 201 levels once, and keeps the 201st option with an empty body", () => {
    const { file, diagnostics } = parse(nested(201));
    expect(diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
    const { asks, bottom } = spine(file);
    expect(asks).toHaveLength(201);
    expect(bottom).toEqual([]);
  });
});

describe("choice inputs and match", () => {
  it("reads an input's values, and null values for a text input", () => {
    const { file, diagnostics } = parse(fixture("match"));
    expect(diagnostics).toEqual([]);
    const [choice, text] = file.inputs;
    expect(choice!.values!.map((v) => [v.id.name, v.label?.raw ?? null])).toEqual([
      ["person", "Физ.лицо"],
      ["company", "Юр.лицо"],
      ["partner", null],
    ]);
    expect(text!.id.name).toBe("client_name");
    expect(text!.values).toBeNull();
  });

  it("reads a match: cases with one or more values, a target or a body, and an else", () => {
    const { file } = parse(fixture("match"));
    const match = file.entry[1]!;
    if (match.kind !== "Match") throw new Error(`expected a match, got ${match.kind}`);
    expect(match.input.name).toBe("client_type");
    expect(match.cases.map((c) => c.values.map((v) => v.name))).toEqual([["person"], ["company", "partner"]]);
    expect(match.cases[0]!.target?.name).toBe("person_delivery");
    expect(match.cases[0]!.body).toBeNull();
    expect(match.cases[1]!.target).toBeNull();
    expect(match.cases[1]!.body!.map((s) => s.kind)).toEqual(["Todo", "Match"]);
    expect(match.else).toBeNull();
    const inner = match.cases[1]!.body![1]!;
    if (inner.kind !== "Match") throw new Error("expected the nested match");
    expect(inner.else).toEqual(
      expect.objectContaining({ kind: "Else", body: null, target: expect.objectContaining({ isStart: true }) }),
    );
    const node = only(file.nodes);
    const last = only(node.body);
    if (last.kind !== "Match") throw new Error("expected a match in the node");
    expect(last.else?.body?.map((s) => s.kind)).toEqual(["End"]);
    const text = fixture("match");
    expect(text.slice(match.span.start, match.span.start + 5)).toBe("match");
    expect(text.slice(match.span.end - 1, match.span.end)).toBe("}");
    expect(text.slice(match.cases[1]!.values[1]!.span.start, match.cases[1]!.values[1]!.span.end)).toBe("partner");
  });

  it("keeps a case after the else, and the first of two elses", () => {
    const { file } = parse(
      'flow f\ninput t { value a value b }\nmatch t {\n  else -> start\n  case a -> start\n  else { end }\n}\n',
    );
    const match = only(file.entry);
    if (match.kind !== "Match") throw new Error("expected a match");
    expect(match.cases.map((c) => c.values[0]!.name)).toEqual(["a"]);
    expect(match.else?.target?.isStart).toBe(true);
  });

  /** `levels` matches, each in the body of the previous one's only case. */
  function nestedMatches(levels: number): string {
    let head = "flow deep\ninput t { value a }\n";
    let tail = "";
    for (let i = 1; i <= levels; i++) {
      head += i % 2 === 0 ? "match t { case a -> start\n else {\n" : "match t { case a {\n";
      tail = "} }\n" + tail;
    }
    return `${head}say "bottom"\n${tail}`;
  }

  it("builds 200 levels of matches, and reports 201 once as too-deep", () => {
    expect(parse(nestedMatches(200)).diagnostics).toEqual([]);
    const deep = parse(nestedMatches(201));
    expect(deep.diagnostics.map((d) => [d.code, d.message.slice(0, 30)])).toEqual([
      ["too-deep", "this case's block is nested mo"],
    ]);
  });

  it("counts option and case blocks together toward the limit", () => {
    let head = "flow deep\ninput t { value a }\n";
    let tail = "";
    for (let i = 1; i <= 201; i++) {
      head += i % 2 === 0 ? `ask "q${i}" { option "o" {\n` : "match t { case a {\n";
      tail = "} }\n" + tail;
    }
    expect(parse(`${head}say "x"\n${tail}`).diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
  });
});
