import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { check, compile, compileChecked } from "@flowc/dsl";
import { type AskingSession, choose, result, type Session, start } from "@flowc/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const demo = `flow demo "Демо {name}"
input name "Имя"
input order

say "Здравствуйте, {name}!"
ask topic "Тема?" {
  option delivery "Доставка" -> delivery
  option "Другое" {
    note "Уточните."
  }
}
say "Спасибо."

node delivery {
  ticket t "Доставка {order}" {
    queue "Логистика"
    priority high
    field comment "Комментарий" required
    attach photo "Фото"
  }
  say "Передал коллегам."
  -> start
}
`;

/** The canonical form the hash covers: the definition without `hash`, keys in definition order. */
function canonicalHash(def: Record<string, unknown>): string {
  const { hash: _hash, ...rest } = def;
  return createHash("sha256").update(JSON.stringify(rest), "utf8").digest("hex");
}

describe("compiled definition", () => {
  it("has the exact shape of the runtime's FlowDefinition", () => {
    const r = compile(demo, "demo.flow");
    expect(r.diagnostics).toEqual([]);
    const def = r.definition!;
    expect(def).toEqual({
      format: "flowc-definition",
      version: 3,
      id: "demo",
      title: "Демо {name}",
      hash: def.hash,
      inputs: [
        { name: "name", label: "Имя" },
        { name: "order", label: null },
      ],
      entry: { block: 0 },
      blocks: [
        {
          outputs: [{ kind: "say", text: ["Здравствуйте, ", { input: "name" }, "!"] }],
          next: { ask: 0 },
        },
        { outputs: [{ kind: "note", text: "Уточните." }], next: { block: 2 } },
        { outputs: [{ kind: "say", text: "Спасибо." }], next: { end: true } },
        {
          outputs: [
            {
              kind: "ticket",
              id: "t",
              title: ["Доставка ", { input: "order" }],
              queue: "Логистика",
              priority: "high",
              fields: [{ id: "comment", label: "Комментарий", required: true }],
              attachments: [{ id: "photo", label: "Фото", required: false }],
            },
            { kind: "say", text: "Передал коллегам." },
          ],
          next: { block: 0 },
        },
      ],
      asks: [
        {
          id: "topic",
          derivedId: false,
          text: "Тема?",
          options: [
            { key: "delivery", text: "Доставка", next: { block: 3 } },
            { key: "Другое", text: "Другое", next: { block: 1 } },
          ],
        },
      ],
      matches: [],
    });
    expect(def.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(def.hash).toBe(canonicalHash(def as unknown as Record<string, unknown>));
    // Plain JSON: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(def))).toEqual(def);
  });

  it("marks the asks whose id is derived from their node and place, and gives `json` as JSON.stringify of the definition", () => {
    const r = compile(`flow marks
ask "Первый?" { option a "A" -> help }
node help {
  ask named "Второй?" { option b "B" { say "b" } }
  ask "Третий?" { option c "C" { say "c" } }
}
`);
    const asks = r.definition!.asks.map((a) => [a.id, a.derivedId]);
    expect(asks).toEqual([
      ["start", true],
      ["named", false],
      ["help#2", true],
    ]);
    expect(r.json).toBe(JSON.stringify(r.definition));
  });

  it("skips empty pass-through blocks and leaves out optional ticket parts", () => {
    const r = compile(`flow pass
ask q "Q" {
  option a "A" -> hop
  option b "B" { ticket "Без очереди" say "b" }
}
node hop { -> target }
node target { say "t \\{x\\}" }
`);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const def = r.definition!;
    expect(def.entry).toEqual({ ask: 0 });
    expect(def.blocks).toEqual([
      {
        outputs: [
          { kind: "ticket", id: null, title: "Без очереди", fields: [], attachments: [] },
          { kind: "say", text: "b" },
        ],
        next: { end: true },
      },
      { outputs: [{ kind: "say", text: "t {x}" }], next: { end: true } },
    ]);
    expect(def.asks[0]!.options.map((o) => o.next)).toEqual([{ block: 1 }, { block: 0 }]);
  });

  it("numbers derived ask ids and keeps label keys as written", () => {
    const def = compile(`flow ids
input n
ask "Первый" {
  option "Да, {n}" { say "да" }
  option no "Нет" -> other
}
node other {
  ask "Второй" { option x "X" { say "x" } option y "Y" { say "y" } }
  ask "Третий" { option x "X" { say "x" } option y "Y" { say "y" } }
}
`).definition!;
    expect(def.asks.map((a) => a.id)).toEqual(["start", "other", "other#2"]);
    expect(def.asks[0]!.options[0]).toMatchObject({
      key: "Да, {n}",
      text: ["Да, ", { input: "n" }],
    });
  });

  it("is deterministic: same flow, byte-identical JSON; comments and layout do not matter", () => {
    const a = JSON.stringify(compile(demo).definition);
    const b = JSON.stringify(compile(demo).definition);
    expect(a).toBe(b);
    const relaid = `// a comment\n${demo.replace(/\n {2}/g, "\n      ").replace('say "Спасибо."', '/* note */ say "Спасибо."')}`;
    expect(JSON.stringify(compile(relaid).definition)).toBe(a);
    const changed = compile(demo.replace("Спасибо.", "Спасибо!")).definition!;
    expect(changed.hash).not.toBe(compile(demo).definition!.hash);
  });

  it("decodes escapes in the title and input labels, which are shown as written", () => {
    const def = compile(
      'flow braces "Шаблон \\{x\\} для {who}"\ninput who "Кто \\{важно\\}\\n"\nsay "ok"\n',
    ).definition!;
    expect(def.title).toBe("Шаблон {x} для {who}");
    expect(def.inputs).toEqual([{ name: "who", label: "Кто {важно}\n" }]);
  });

  it("is null when the flow has errors", () => {
    const r = compile('flow broken\nsay "x"\n-> nowhere\n');
    expect(r.errors).toBeGreaterThan(0);
    expect(r.definition).toBeNull();
    expect(r.json).toBeNull();
  });

  it("comes with its JSON text, exactly JSON.stringify of it", () => {
    for (const dir of ["flows", "test/fixtures/runtime"]) {
      for (const name of readdirSync(new URL(`../${dir}/`, import.meta.url))) {
        if (!name.endsWith(".flow")) continue;
        const r = compile(readFileSync(new URL(`../${dir}/${name}`, import.meta.url), "utf8"), name);
        if (r.definition === null) continue;
        expect(r.json, `${dir}/${name}`).toBe(JSON.stringify(r.definition));
      }
    }
    // Titles and ids that JSON must escape, or that are missing.
    const escape = (s: string): string => s.replace(/[\\"{}]/g, (c) => `\\${c}`);
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: "binary", maxLength: 40 }).filter((t) => !/[\r\n\p{Cc}]/u.test(t))),
        fc.string({ unit: "grapheme", maxLength: 30 }).filter((t) => !/[\r\n\p{Cc}]/u.test(t)),
        (title, say) => {
          const header = title === null ? "flow f" : `flow f "${escape(title)}"`;
          const r = compile(`${header}\ninput who "Кто \\"это\\""\nsay "{who}: ${escape(say)}"\n`);
          expect(r.errors).toBe(0);
          expect(r.json).toBe(JSON.stringify(r.definition));
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The session, known to be waiting at a question. */
function asking(session: Session): AskingSession {
  expect(session.status).toBe("asking");
  return session as AskingSession;
}

describe("the compiled definition plays in the runtime", () => {
  it("runs the spec's order-status flow", () => {
    const text = readFileSync(
      fileURLToPath(new URL("./fixtures/check/ok-order-status.flow", import.meta.url)),
      "utf8",
    );
    const def = compile(text).definition!;
    const s0 = start(def, { client_name: "Анна" });
    expect(s0.status).toBe("asking");
    expect(s0.ask!.id).toBe("situation");
    const done = choose(asking(s0), "cancelled_in_wcrm");
    expect(done.status).toBe("done");
    expect(result(done).says).toEqual([
      "Анна, уже передал(а) информацию коллегам. Статус заказа изменится в ближайшие 2 дня.",
    ]);
    expect(result(done).tickets[0]).toMatchObject({
      title: "Изменить статус заказа на «Отменён»",
      queue: "WCRM",
      fields: [{ id: "comment", label: "Комментарий", required: true }],
      attachments: [{ id: "screenshot", label: "Скриншот из WCRM", required: true }],
    });
    const who = choose(asking(s0), "completed_not_received");
    expect(who.ask!.id).toBe("who_ordered");
    expect(choose(asking(who), "person").outputs.at(-1)).toEqual({
      kind: "todo",
      text: "Скрипт для физ.лица",
    });
  });

  it("falls through, jumps and restarts as the language says", () => {
    const def = compile(demo).definition!;
    const s0 = start(def, { name: "Олег", order: "42" });
    expect(s0.outputs).toEqual([{ kind: "say", text: "Здравствуйте, Олег!" }]);
    const other = choose(asking(s0), "Другое");
    expect(other.status).toBe("done");
    expect(other.outputs.slice(1)).toEqual([
      { kind: "note", text: "Уточните." },
      { kind: "say", text: "Спасибо." },
    ]);
    // The delivery node files a ticket, then `-> start` asks the first question again.
    const again = choose(asking(s0), "delivery");
    expect(again.status).toBe("asking");
    expect(again.ask!.id).toBe("topic");
    expect(result(again).tickets[0]!.title).toBe("Доставка 42");
  });
});

describe("compileChecked", () => {
  it("gives what compile gives, from the text's check", () => {
    const ok = readFileSync(new URL("./fixtures/service/order-status.flow", import.meta.url), "utf8");
    const broken = `${ok}\nsay "{nobody}"\n`;
    for (const text of [ok, broken]) {
      for (const options of [{}, { allowErrors: true }]) {
        expect(compileChecked(check(text, "a.flow"), options)).toEqual(compile(text, "a.flow", options));
      }
    }
    expect(compileChecked(check(broken)).definition).toBeNull();
    expect(compileChecked(check(broken), { allowErrors: true }).definition).not.toBeNull();
  });
});
