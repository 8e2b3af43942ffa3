import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowc } from "./support/cli.js";

const flow = `flow support "Поддержка"
input name "Имя клиента"

say "Здравствуйте, {name}!"
ask problem "Что случилось?" {
  option late "Заказ опаздывает" {
    ticket late_order "Опоздание заказа" {
      queue "Доставка"
      priority high
      field order "Номер заказа" required
      attach photo "Фото чека"
    }
    say "Передал коллегам, {name}."
  }
  option "Нет, другое" -> other
}

node other {
  note "Уточните вопрос."
  ask more "Вопрос решён?" {
    option yes "Да" { say "Хорошего дня!" }
    option no "Нет" -> start
  }
}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "flowc-run-"));
  await writeFile(join(dir, "support.flow"), flow);
  await writeFile(
    join(dir, "broken.flow"),
    'flow broken\nask "Куда?" {\n  option a "А" -> nowhere\n}\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[], options: Parameters<typeof flowc>[1] = {}) =>
  flowc(["run", "support.flow", ...args], {
    cwd: dir,
    env: { NO_COLOR: "1" },
    ...options,
  });

describe("flowc run --choose", () => {
  it("prints each output and question, the choices, and the end", async () => {
    const r = await run(["--input", "name=Анна", "--choose", "late"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "say    Здравствуйте, Анна!",
        "? Что случилось?  [problem]",
        "  1. Заказ опаздывает  [late]",
        "  2. Нет, другое",
        "> 1. Заказ опаздывает  [late]",
        "ticket Опоздание заказа",
        "       id        late_order",
        "       queue     Доставка",
        "       priority  high",
        "       field     Номер заказа (order, required): ____",
        "       attach    Фото чека (photo): [file]",
        "say    Передал коллегам, Анна.",
        "(end of the flow)",
        "",
      ].join("\n"),
    );
  });

  it("takes option numbers as shown, and keys with commas written as \\,", async () => {
    const byNumber = await run(["--input", "name=A", "--choose", "2,2,1"]);
    const byKey = await run([
      "--input",
      "name=A",
      "--choose",
      "Нет\\, другое,no,late",
    ]);
    expect(byNumber.code).toBe(0);
    expect(byKey.stdout).toBe(byNumber.stdout);
    expect(byKey.stdout).toContain(
      "> 2. Нет, другое\nnote   Уточните вопрос.\n? Вопрос решён?  [more]",
    );
    // -> start runs the entry again: its say is printed again.
    expect(byKey.stdout.match(/Здравствуйте, A!/g)).toHaveLength(2);
  });

  it("stops at a question when the keys run out", async () => {
    const r = await run(["--input", "name=A"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("? Что случилось?");
    expect(r.stdout).toContain(
      "(stopped at question problem: give the answers with --choose)",
    );
  });

  it("rejects an unknown key with the valid ones (exit 1)", async () => {
    const r = await run(["--input", "name=A", "--choose", "2,maybe"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("? Вопрос решён?");
    expect(r.stderr).toBe(
      'flowc: "maybe" is not an option of question more; valid keys: "yes", "no" (or a number from 1 to 2)\n',
    );
    expect((await run(["--input", "name=A", "--choose", "3"])).code).toBe(1);
  });

  it("rejects keys left over after the end (exit 1)", async () => {
    const r = await run(["--input", "name=A", "--choose", "late,late"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("(end of the flow)");
    expect(r.stderr).toContain(
      "the flow finished after 1 choice; not used: late",
    );
  });

  it("checks the inputs (exit 2)", async () => {
    const missing = await run(["--choose", "late"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "support.flow needs --input name=… (Имя клиента)",
    );
    const unknown = await run(["--input", "name=A", "--input", "nmae=B"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "--input nmae: no such input (this flow's inputs: name)",
    );
    const twice = await run(["--input", "name=A", "--input", "name=B"]);
    expect(twice.stderr).toContain("--input name: given twice");
    const shape = await run(["--input", "name"]);
    expect(shape.stderr).toContain("--input name: write it as name=value");
    expect(
      (await run(["--input", "name=a=b", "--choose", "late"])).stdout,
    ).toContain("Передал коллегам, a=b.");
  });

  it("does not run a flow with errors (exit 1), and a missing file is a usage problem (2)", async () => {
    const broken = await flowc(["run", "broken.flow"], {
      cwd: dir,
      env: { NO_COLOR: "1" },
    });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe("");
    expect(broken.stderr).toContain("undefined-target");
    expect(broken.stderr).toContain("cannot run broken.flow: 1 error");
    const missing = await flowc(["run", "nope.flow"], { cwd: dir });
    expect(missing.code).toBe(2);
  });
});

describe("flowc run at a terminal", () => {
  const terminal = (lines: string[]) => ({
    isTTY: true,
    stdinIsTTY: true,
    stdin: Readable.from(lines.map((l) => `${l}\n`)),
    env: { NO_COLOR: "1" },
    cwd: dir,
  });

  it("asks for missing inputs, takes numbers and keys, goes back and restarts", async () => {
    const r = await flowc(
      ["run", "support.flow"],
      terminal(["Анна", "2", "b", "x", "late", "b", "r", "q"]),
    );
    expect(r.code).toBe(0);
    const out = r.stdout;
    const order = [
      "Имя клиента (name): ",
      "say    Здравствуйте, Анна!",
      "? Что случилось?",
      "1-2, b back, r restart, q quit: ",
      "> 2. Нет, другое",
      "note   Уточните вопрос.",
      "? Вопрос решён?",
      // b: back to the first question
      "? Что случилось?",
      '"x" is not an option here; valid keys: "late", "Нет, другое" (or a number from 1 to 2)',
      "> 1. Заказ опаздывает",
      "ticket Опоздание заказа",
      "(end of the flow)",
      "b back, r restart, q quit: ",
      // b from the end: the question again
      "? Что случилось?",
      "(restarted)",
      "say    Здравствуйте, Анна!",
    ];
    let at = 0;
    for (const part of order) {
      const i = out.indexOf(part, at);
      expect(
        i,
        `"${part}" after position ${at} in:\n${out}`,
      ).toBeGreaterThanOrEqual(at);
      at = i + part.length;
    }
  });

  it("ends quietly when the input ends", async () => {
    const r = await flowc(
      ["run", "support.flow", "--input", "name=A"],
      terminal(["1"]),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(end of the flow)");
  });

  it("with --choose, plays non-interactively even at a terminal", async () => {
    const r = await flowc(
      ["run", "support.flow", "--input", "name=A", "--choose", "late"],
      terminal([]),
    );
    expect(r.stdout).not.toContain("q quit");
    expect(r.stdout).toContain("(end of the flow)");
  });
});

describe("flowc run: options keyed b, r, q; answers piped on stdin", () => {
  const letters = `flow letters
ask pick "Что выбрать?" {
  option b "Банк" { say "Банк" }
  option r "Рассрочка" { say "Рассрочка" }
  option q "Вопрос" { say "Вопрос" }
}
`;
  beforeAll(async () => {
    await writeFile(join(dir, "letters.flow"), letters);
  });
  const piped = (lines: string[]) => ({
    stdin: Readable.from(lines.map((l) => `${l}\n`)),
    cwd: dir,
  });

  it("a bare b, r or q chooses the option with that key; :b, :r, :q are the commands", async () => {
    for (const key of ["b", "r", "q"]) {
      const r = await flowc(
        ["run", "letters.flow"],
        { ...piped([key]), isTTY: true, stdinIsTTY: true, env: { NO_COLOR: "1" } },
      );
      expect(r.code, key).toBe(0);
      expect(r.stdout, key).toMatch(new RegExp(`> \\d\\. .*\\[${key}\\]`));
      // The prompt shows that the commands take a colon here.
      expect(r.stdout).toContain("1-3, :b back, :r restart, :q quit: ");
    }
    const r = await flowc(["run", "letters.flow"], {
      ...piped(["b", ":b", ":r", "q"]),
      isTTY: true,
      stdinIsTTY: true,
      env: { NO_COLOR: "1" },
    });
    expect(r.stdout).toContain("(restarted)");
    expect(r.stdout).toContain("> 3. Вопрос  [q]");
    expect(r.stdout.match(/\? Что выбрать\?/g)).toHaveLength(3);
    // --choose takes them as keys too.
    const chosen = await flowc(["run", "letters.flow", "--choose", "q"], { cwd: dir });
    expect(chosen.stdout).toContain("say    Вопрос");
  });

  it("reads answers (and missing inputs) one per line from a pipe, without prompts", async () => {
    const r = await flowc(["run", "support.flow"], piped(["Анна", "2", "no", "late"]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("b back");
    expect(r.stdout).toContain("Имя клиента (name): Анна\nsay    Здравствуйте, Анна!");
    expect(r.stdout).toContain("> 2. Нет  [no]");
    expect(r.stdout).toContain("ticket Опоздание заказа");
    expect(r.stdout).toContain("(end of the flow)");
    const short = await flowc(["run", "support.flow", "--input", "name=A"], piped(["2"]));
    expect(short.code).toBe(0);
    expect(short.stdout).toContain("(stopped at question more: no more answers)");
    const wrong = await flowc(["run", "support.flow", "--input", "name=A"], piped(["7"]));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('"7" is not an option here');
  });
});

describe("flowc run --allow-errors", () => {
  it("plays the part that works, and says so when the runtime cannot play it at all", async () => {
    await writeFile(join(dir, "loop.flow"), 'flow loop\nsay "a"\n-> x\nnode x { -> y }\nnode y { -> x }\n');
    const loop = await flowc(["run", "loop.flow", "--allow-errors"], { cwd: dir });
    expect(loop.code).toBe(1);
    expect(loop.stderr).toContain("error[no-exit]");
    expect(loop.stderr).toContain(
      "flowc: this flow cannot be played even with --allow-errors: fix the errors above first (the runtime says: ",
    );
    expect(loop.stderr).not.toMatch(/internal error/);
    const broken = await flowc(["run", "broken.flow", "--allow-errors", "--choose", "a"], { cwd: dir });
    expect(broken.code).toBe(0);
    expect(broken.stderr).toContain("playing with errors broken.flow: 1 error (see above); it plays as far as it works");
    expect(broken.stdout).toContain("> 1. А  [a]\n(end of the flow)");
  });
});

describe("flowc run: choice inputs", () => {
  const choice = `flow choice "Выбор"
input client_name "Имя клиента"
input client_type "Кто оформил заказ" {
  value person "Физ.лицо"
  value company "Юр.лицо"
  value sole_trader
}
say "{client_name}: {client_type}."
ask ok "Всё верно?" {
  option yes "Да" { say "Хорошо." }
  option no "Нет" { say "Уточните." }
}
`;
  beforeAll(async () => {
    await writeFile(join(dir, "choice.flow"), choice);
  });
  const runChoice = (args: string[], options: Parameters<typeof flowc>[1] = {}) =>
    flowc(["run", "choice.flow", ...args], { cwd: dir, env: { NO_COLOR: "1" }, ...options });

  it("--input takes a value id, and refuses one the input does not list, naming the allowed ones (exit 2)", async () => {
    const ok = await runChoice(["--input", "client_name=Анна", "--input", "client_type=company", "--choose", "yes"]);
    expect(ok.code, ok.stderr).toBe(0);
    // The placeholder shows the value's label.
    expect(ok.stdout).toContain("say    Анна: Юр.лицо.");
    const firm = await runChoice(["--input", "client_name=Анна", "--input", "client_type=firm"]);
    expect(firm.code).toBe(2);
    expect(firm.stdout).toBe("");
    expect(firm.stderr).toContain(
      "--input client_type=firm: not a value of client_type (its values: person, company, sole_trader)",
    );
    // A label is not a value id.
    const label = await runChoice(["--input", "client_name=Анна", "--input", "client_type=Юр.лицо"]);
    expect(label.code).toBe(2);
    const missing = await runChoice(["--input", "client_name=Анна", "--choose", "yes"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "choice.flow needs --input client_type=… (Кто оформил заказ: person, company, sole_trader)",
    );
  });

  it("shows each match passed with the value and the case it took (--choose and piped)", async () => {
    await writeFile(
      join(dir, "match.flow"),
      readFileSync(join(import.meta.dirname, "fixtures", "runtime", "match.flow"), "utf8"),
    );
    const company = await flowc(
      ["run", "match.flow", "--input", "client_name=Анна", "--input", "client_type=company", "--choose", "pickup"],
      { cwd: dir, env: { NO_COLOR: "1" } },
    );
    expect(company.stderr).toBe("");
    expect(company.code).toBe(0);
    expect(company.stdout).toBe(
      [
        "say    Анна, здравствуйте.",
        "match  client_type = company (Юр.лицо) → case company, sole_trader",
        "note   Заказ на Юр.лицо: нужна доверенность.",
        "? Как доставить?  [method]",
        "  1. Курьер  [courier]",
        "  2. Самовывоз  [pickup]",
        "> 2. Самовывоз  [pickup]",
        "match  client_type = company (Юр.лицо) → case company",
        "ticket Счёт для юр.лица",
        "       id        invoice",
        "       queue     Бухгалтерия",
        "say    Счёт придёт на почту.",
        "(end of the flow)",
        "",
      ].join("\n"),
    );
    // A value without a label and a case: the else. Piped, with back and restart.
    const trader = await flowc(["run", "match.flow", "--input", "client_name=Иван"], {
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdin: Readable.from(["3\n", "2\n", ":b\n", ":r\n"]),
    });
    expect(trader.code, trader.stderr).toBe(0);
    expect(trader.stdout).toContain(
      "> 2. Самовывоз  [pickup]\nmatch  client_type = sole_trader → else\nsay    Оплата при получении.",
    );
    // Restarted: the first match is shown again.
    expect(trader.stdout).toContain(
      "(restarted)\nsay    Иван, здравствуйте.\nmatch  client_type = sole_trader → case company, sole_trader",
    );
  });

  it("at a terminal, asks for a choice input with its numbered values, by number or id", async () => {
    const lines = ["Анна", "firm", "2", "yes"];
    const r = await runChoice([], {
      isTTY: true,
      stdinIsTTY: true,
      stdin: Readable.from(lines.map((l) => `${l}\n`)),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      [
        "Имя клиента (client_name): ? Кто оформил заказ  [client_type]",
        "  1. Физ.лицо  [person]",
        "  2. Юр.лицо  [company]",
        "  3. sole_trader",
        'Кто оформил заказ (client_type), 1-3: "firm" is not a value of client_type; its values: person, company, sole_trader (or a number from 1 to 3)',
        "Кто оформил заказ (client_type), 1-3: say    Анна: Юр.лицо.",
      ].join("\n"),
    );
    const byId = await runChoice(["--input", "client_name=A"], {
      stdin: Readable.from(["sole_trader\n", "no\n"]),
    });
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toContain("Кто оформил заказ (client_type), 1-3: sole_trader\nsay    A: sole_trader.");
    // From a pipe, a wrong value stops the run (exit 1) rather than play on with another.
    const wrong = await runChoice(["--input", "client_name=A"], { stdin: Readable.from(["4\n"]) });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('"4" is not a value of client_type');
  });
});
