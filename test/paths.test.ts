import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  check,
  compile,
  findPaths,
  formatPaths,
  type PathEntry,
  type PathItem,
  type PathList,
  type PathsFormat,
} from "@flowc/dsl";
import { choose, type Session, start } from "@flowc/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printFlow, randomModel } from "./support/random-flows.js";

/**
 * Fixture table: test/fixtures/paths/<case>.flow with the expected listing
 * beside it — <case>.paths.txt always, <case>.paths.md and .paths.json when
 * present. FLOWC_UPDATE_FIXTURES=1 rewrites the expected files that exist
 * (review the diff before trusting it).
 */
const dir = fileURLToPath(new URL("./fixtures/paths/", import.meta.url));
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".flow"))
  .map((f) => f.slice(0, -".flow".length))
  .sort();

const EXT: Record<PathsFormat, string> = { text: "txt", md: "md", json: "json" };

function listing(name: string): PathList {
  return findPaths(check(readFileSync(`${dir}${name}.flow`, "utf8"), `${name}.flow`));
}

describe("paths fixtures", () => {
  it("has fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(7));
  for (const name of cases) {
    for (const format of ["text", "md", "json"] as const) {
      const expectedPath = `${dir}${name}.paths.${EXT[format]}`;
      if (format !== "text" && !existsSync(expectedPath)) continue;
      it(`${name} (${format})`, () => {
        const actual = formatPaths(listing(name), format);
        if (process.env.FLOWC_UPDATE_FIXTURES === "1") writeFileSync(expectedPath, actual);
        expect(actual).toBe(readFileSync(expectedPath, "utf8"));
      });
    }
  }
});

const keys = (list: PathList) => list.paths.map((p) => p.choices.join(","));
const ends = (list: PathList) => list.paths.map((p) => p.end);

describe("paths", () => {
  it("follows loops once and says where they go back to", () => {
    const list = listing("loops");
    expect(keys(list)).toEqual([
      "yes,yes",
      "yes,no,found",
      "yes,no,retry",
      "no,found,yes",
      "no,found,no",
      "no,retry",
    ]);
    expect(ends(list)).toEqual([
      { kind: "finish" },
      { kind: "loop", ask: "found_it", question: "Заказ нашёлся?" },
      { kind: "loop", ask: "again", question: "Клиент нашёл номер?" },
      { kind: "finish" },
      { kind: "loop", ask: "again", question: "Клиент нашёл номер?" },
      { kind: "loop", ask: "again", question: "Клиент нашёл номер?" },
    ]);
  });

  it("shows `-> start` as running the entry again, then stopping at the first question", () => {
    const list = listing("start-jump");
    const other = list.paths.find((p) => p.choices.join(",") === "other")!;
    expect(other.items).toEqual([
      { kind: "say", text: "Здравствуйте, {client_name}!" },
      { kind: "ask", ask: "topic", question: "Тема обращения", option: "other", answer: "Другое" },
      { kind: "say", text: "Здравствуйте, {client_name}!" },
    ]);
    expect(other.end).toEqual({ kind: "loop", ask: "topic", question: "Тема обращения" });
  });

  it("falls through options without a body and bodies that run to their end", () => {
    const list = listing("fall-through");
    expect(keys(list)).toEqual(["person,Да", "person,Нет", "company,Да", "company,Нет", "unknown"]);
    const companyNo = list.paths[3]!;
    expect(
      companyNo.items.filter((i) => i.kind !== "ask").map((i) => ("text" in i ? i.text : "")),
    ).toEqual(["Попросите ИНН.", "Проверьте заказ в системе.", "Спасибо за обращение!"]);
    // An option without an id: its key is its label.
    expect(companyNo.items.find((i) => i.kind === "ask" && i.ask === "ok")).toMatchObject({
      option: "Нет",
      answer: "Нет",
    });
  });

  it("derives ask ids for nested questions without one", () => {
    const asks = listing("nested").paths[0]!.items.filter((i) => i.kind === "ask");
    expect(asks.map((i) => (i.kind === "ask" ? i.ask : ""))).toEqual([
      "problem",
      "problem#2",
      "proof",
    ]);
  });

  it("lists tickets with every property and keeps placeholders as {name}", () => {
    const [refund] = listing("tickets").paths;
    expect(refund!.items[1]).toEqual({
      kind: "ticket",
      id: "refund_request",
      title: "Возврат по заказу {order}",
      queue: "Финансы",
      priority: "high",
      fields: [
        { id: "amount", label: "Сумма *в рублях*", required: true },
        { id: "comment", label: "Комментарий", required: false },
      ],
      attachments: [
        { id: "receipt", label: "Чек", required: true },
        { id: "photo", label: "Фото товара", required: false },
      ],
    });
    expect(refund!.items[2]).toEqual({
      kind: "say",
      text: "{client_name}, заявка создана.\nДеньги вернутся в течение 10 дней.",
    });
  });

  it("ends paths at a missing node and at an endless loop of jumps", () => {
    expect(ends(listing("errors"))).toEqual([
      { kind: "missing-node", target: "nowhere" },
      { kind: "jump-loop" },
      { kind: "finish" },
    ]);
  });

  it("has one path without choices when the flow asks nothing", () => {
    const list = listing("no-questions");
    expect(list.count).toBe(1);
    expect(list.paths[0]).toMatchObject({ choices: [], end: { kind: "finish" } });
  });

  it("json is the PathList itself, versioned", () => {
    const list = listing("loops");
    const json = JSON.parse(formatPaths(list, "json"));
    expect(json).toEqual(JSON.parse(JSON.stringify(list)));
    expect(json).toMatchObject({
      format: "flowc-paths",
      version: 1,
      flow: "loops",
      count: 6,
      truncated: null,
    });
  });

  it("is deterministic", () => {
    const text = readFileSync(`${dir}tickets.flow`, "utf8");
    const a = formatPaths(findPaths(check(text)), "md");
    const b = formatPaths(findPaths(check(text)), "md");
    expect(a).toBe(b);
  });
});

/** `count` questions one after another, each with two options that fall through: 2^count paths. */
function binaryChain(count: number): string {
  const lines = ["flow chain"];
  for (let i = 0; i < count; i++) {
    lines.push(
      `ask q${i} "Вопрос ${i}" {`,
      `  option a "А" { say "a${i}" }`,
      `  option b "Б" { say "b${i}" }`,
      "}",
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("paths through a match", () => {
  const steps = (list: PathList) =>
    list.paths.map((p) =>
      p.items
        .filter((i) => i.kind === "ask" || i.kind === "match")
        .map((i) => (i.kind === "ask" ? i.option : `${i.input}=${i.values.map((v) => v.id).join("|")}${i.else ? " (else)" : ""}`))
        .join(" → "),
    );

  it("splits the path by the input's value, one way per case and one for else, and remembers the value", () => {
    expect(steps(listing("match"))).toEqual([
      "client_type=person → method=courier → method=courier",
      "client_type=person → method=pickup|post (else) → method=pickup",
      "client_type=person → method=pickup|post (else) → method=post",
      "client_type=company|government → yes → method=courier → method=courier",
      "client_type=company|government → yes → method=pickup|post (else) → method=pickup",
      "client_type=company|government → yes → method=pickup|post (else) → method=post",
      "client_type=company|government → no",
    ]);
    const first = listing("match").paths[0]!;
    // A match is not a choice: `choices` stays what `flowc run --choose` takes.
    expect(first.choices).toEqual([]);
    expect(first.items[1]).toEqual({
      kind: "match",
      input: "client_type",
      values: [{ id: "person", label: "Физ.лицо" }],
      else: false,
    });
  });

  it("inputs restrict the paths to a value", () => {
    const text = readFileSync(`${dir}match.flow`, "utf8");
    const only = (inputs: Record<string, string>) => steps(findPaths(check(text), { inputs }));
    expect(only({ client_type: "government", method: "post" })).toEqual([
      "client_type=government → yes → method=post (else) → method=post",
      "client_type=government → no",
    ]);
    // An input may be called like a property every object has: only own keys of `inputs` count.
    const inherited = check('flow c\ninput constructor { value a value b }\nmatch constructor {\n  case a { say "A" }\n  case b { say "B" }\n}\n');
    expect(findPaths(inherited, { inputs: {} }).count).toBe(2);
    expect(only({ method: "courier" })).toEqual([
      "client_type=person → method=courier → method=courier",
      "client_type=company|government → yes → method=courier → method=courier",
      "client_type=company|government → no",
    ]);
  });

  it("ends a path at a match with no case for its value, and at a match that jumps round for ever", () => {
    const missing = findPaths(check("flow m\ninput k { value a value b }\nmatch k {\n  case a { say \"A\" }\n}\n"));
    expect(missing.paths.map((p) => [p.items.map((i) => i.kind), p.end])).toEqual([
      [["match", "say"], { kind: "finish" }],
      [["match"], { kind: "no-case", input: "k" }],
    ]);
    expect(formatPaths(missing, "text")).toContain("== k=b\nk = b\n(stops: the match on k has no case for this value)\n");
    const loop = findPaths(check('flow m\ninput k { value a value b }\n-> n\nnode n {\n  match k {\n    case a -> n\n    case b { say "B" }\n  }\n}\n'));
    expect(ends(loop)).toEqual([{ kind: "jump-loop" }, { kind: "finish" }]);
  });
});

describe("paths through a match, property", () => {
  it("with an input's value given, lists exactly the paths of the full listing that value can take", () => {
    let compared = 0;
    fc.assert(
      fc.property(randomModel({ maxNodes: 3, saysFirst: true, matches: true }), fc.nat(), (model, pick) => {
        fc.pre(model.choices.length > 0);
        const checked = check(printFlow(model).text);
        const full = findPaths(checked);
        fc.pre(full.truncated === null && full.count <= 300);
        const input = `c${pick % model.choices.length}`;
        const value = `v${Math.floor(pick / model.choices.length) % model.choices[pick % model.choices.length]!}`;
        const only = findPaths(checked, { inputs: { [input]: value } });
        const takes = (item: PathItem) =>
          item.kind !== "match" || item.input !== input || item.values.some((v) => v.id === value);
        const expected = full.paths
          .filter((p) => p.items.every(takes))
          .map((p) => ({
            ...p,
            items: p.items.map((i) =>
              i.kind === "match" && i.input === input ? { ...i, values: i.values.filter((v) => v.id === value) } : i,
            ),
          }));
        expect(only.paths).toEqual(expected);
        if (full.paths.some((p) => !p.items.every(takes))) compared++;
      }),
      { numRuns: 200 },
    );
    // Often enough, the value really left paths out.
    expect(compared).toBeGreaterThan(20);
  });
});

describe("paths limits", () => {
  it("stops at 10,000 paths with a note instead of listing 2^40", () => {
    // Short paths, so the path cap (not the size cap) is what stops it.
    const checked = check(binaryChain(40));
    const list = findPaths(checked, { maxItems: 10_000_000 });
    expect(list.count).toBe(10_000);
    expect(list.truncated).toEqual({ reason: "paths", limit: 10_000 });
    // The first paths are in option order: all "a" first.
    expect(list.paths[0]!.choices).toEqual(Array(40).fill("a"));
    expect(list.paths[1]!.choices).toEqual([...Array(39).fill("a"), "b"]);
    const text = formatPaths(list, "text");
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^Stopped after 10,000 paths/);
    expect(formatPaths(list, "md")).toContain("> **Stopped after 10,000 paths");
  });

  it("stops at 200,000 items by default: a listing no one could review", () => {
    const list = findPaths(check(binaryChain(40)));
    expect(list.truncated).toEqual({ reason: "size", limit: 200_000 });
    // 81 items a path (40 answers, 40 says, the end).
    expect(list.count).toBe(Math.ceil(200_000 / 81));
    expect(formatPaths(list, "text")).toMatch(/Stopped after 200,000 items/);
  });

  it("honours maxPaths and maxItems", () => {
    const checked = check(binaryChain(10));
    expect(findPaths(checked, { maxPaths: 3 }).count).toBe(3);
    const bySize = findPaths(checked, { maxItems: 100 });
    expect(bySize.truncated).toEqual({ reason: "size", limit: 100 });
    // Each path holds 10 answers and 10 says (+1 for its end): 5 paths pass 100.
    expect(bySize.count).toBe(5);
    expect(findPaths(checked).count).toBe(1024);
    expect(findPaths(checked).truncated).toBeNull();
  });

  it("walks a 100,000-question chain and a 100,000-long jump chain without recursion", () => {
    const n = 100_000;
    const asks: string[] = ["flow long", "-> n0"];
    for (let i = 0; i < n; i++) {
      asks.push(
        `node n${i} {`,
        `  ask "Q${i}" { option go "Go" ${i + 1 < n ? `-> n${i + 1}` : '{ say "done" }'} option stop "Stop" { say "s" } }`,
        "}",
      );
    }
    const list = findPaths(check(asks.join("\n")), { maxPaths: 3, maxItems: 10_000_000 });
    expect(list.count).toBe(3);
    expect(list.paths[0]!.choices).toHaveLength(n);

    const jumps: string[] = ["flow jumps", "-> j0"];
    for (let i = 0; i < n; i++)
      jumps.push(`node j${i} { ${i + 1 < n ? `-> j${i + 1}` : 'say "end"'} }`);
    const one = findPaths(check(jumps.join("\n")));
    expect(one.paths).toEqual([
      { choices: [], items: [{ kind: "say", text: "end" }], end: { kind: "finish" } },
    ]);
  }, 300_000); // Checking 100,000 questions takes a while on a busy machine; the walk itself is fast.
});

// ---------------------------------------------------------------------------
// Property: on random flows that compile, the paths are exactly what playing
// every choice with @flowc/runtime gives (same order, same outputs, same ends).

/** Every path by playing the runtime: depth first, options in order, stopping at a repeated ask. */
function playAll(definition: NonNullable<ReturnType<typeof compile>["definition"]>): PathEntry[] {
  const found: PathEntry[] = [];
  const outputsOf = (s: Session) =>
    s.outputs.map((o) => ({ kind: o.kind, text: o.kind === "ticket" ? o.title : o.text }));
  const walk = (s: Session, seen: string[], choices: string[]) => {
    if (s.status === "done") {
      found.push({ choices, items: outputsOf(s) as never, end: { kind: "finish" } });
      return;
    }
    const ask = s.ask!;
    if (seen.includes(ask.id)) {
      found.push({
        choices,
        items: outputsOf(s) as never,
        end: { kind: "loop", ask: ask.id, question: ask.text },
      });
      return;
    }
    for (const option of ask.options)
      walk(choose(s as never, option.key), [...seen, ask.id], [...choices, option.key]);
  };
  walk(start(definition), [], []);
  return found;
}

describe("paths against the runtime", () => {
  it("lists exactly the ways the runtime can go, in option order", () => {
    let compared = 0;
    fc.assert(
      fc.property(randomModel({ maxNodes: 4, saysFirst: true }), (model) => {
        // Asks without ids: the paths and the runtime must agree on the derived ones.
        const text = printFlow(model, { asks: "derived" }).text;
        const compiled = compile(text);
        fc.pre(compiled.definition !== null);
        const list = findPaths(compiled);
        fc.pre(list.truncated === null && list.count <= 200);
        const expected = playAll(compiled.definition!);
        const actual = list.paths.map((p) => ({
          choices: p.choices,
          items: p.items
            .filter((i) => i.kind !== "ask")
            .map((i) => ({ kind: i.kind, text: "text" in i ? i.text : "" })),
          end: p.end,
        }));
        expect(actual).toEqual(expected);
        compared++;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(50);
  });
});
