/**
 * Regression bench for the front end and the checks: `parse` and `check`, alternating, on four generated shapes at
 * growing sizes (shapes: docs/benchmarks.md). Linear is 10× the time for 10× the questions.
 */
import { check, parse } from "@flowc/dsl";
import { fmtMs, fmtRatio, fmtSummary, interleave, printTable, quick } from "./lib/measure.mjs";

const SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const ROUNDS = quick ? [3, 1] : [7, 3, 1];

function tree(n) {
  const out = [`flow tree "Дерево"\ninput client "Клиент"\n-> n0\n`];
  for (let i = 0; i < n; i++) {
    const [l, r] = [2 * i + 1, 2 * i + 2];
    out.push(
      `node n${i} {\n  say "{client}, шаг ${i}."\n  ask q${i} "Вопрос ${i}?" {\n` +
        (l < n ? `    option left "Налево" -> n${l}\n` : `    option left "Налево" { say "Лист ${i}." }\n`) +
        (r < n ? `    option right "Направо" -> n${r}\n` : `    option right "Направо" { note "Лист." say "Всё." }\n`) +
        `    option done "Готово" { say "Готово." end }\n  }\n}\n`,
    );
  }
  return out.join("");
}

function chain(n, withErrors) {
  const out = [`flow chain\n-> n0\n`];
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `-> n${i + 1}` : `{ say "Последний." }`;
    out.push(
      `node n${i} {\n  ask "Вопрос ${i}?" {\n    option next "Дальше" ${next}\n` +
        `    option stop "Стоп" { say "Стоп ${i}." }\n` +
        (withErrors ? `    option empty "Пусто"\n` : "") +
        `  }\n}\n`,
    );
  }
  return out.join("");
}

function rich(n) {
  const out = ['// Generated for benchmarks.\nflow bench "Сгенерированный поток"\ninput client_name "Имя клиента"\n-> node_0\n'];
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `-> node_${i + 1}` : `{ say "Конец." end }`;
    out.push(`node node_${i} {
  note "Клиент уточняет статус заказа ${i} в личном кабинете."
  ask q_${i} "Что случилось с заказом ${i}?" {
    option a_${i} "Заказ получен" ${next}
    option b_${i} "Заказ не получен" {
      say "{client_name}, уже передал информацию коллегам, статус изменится в ближайшие два дня."
      ticket t_${i} "Заказ не получен" {
        queue "WCRM"
        priority high
        field comment "Комментарий" required
        attach screenshot "Скриншот" required
      }
      /* a block comment */
      ask "Клиент оформлял заказ как юр.лицо?" {
        option "Да" { say "Передаю заявку в отдел по работе с юр.лицами." }
        option "Нет" -> start
      }
    }
    option c_${i} "Другое" { say "Уточните вопрос." }
  }
  say """
    Проверьте уведомления в приложении.
      Мы отправили подробности на почту.
    """
  // the end of node ${i}
}
`);
  }
  return out.join("");
}

const SHAPES = [
  ["tree", tree, 0],
  ["chain", (n) => chain(n, false), 0],
  ["errors", (n) => chain(n, true), null],
  ["rich", rich, 0],
];

const rows = [];
for (const [shape, make, expectedErrors] of SHAPES) {
  let previous = null;
  for (const [i, n] of SIZES.entries()) {
    if (shape === "rich" && n > 10_000) continue; // 100,000 rich nodes are 120 MB of text
    const text = make(n);
    const { errors, diagnostics } = check(text);
    if (expectedErrors !== null ? errors !== expectedErrors : errors === 0) {
      throw new Error(`${shape} ${n}: unexpected ${errors} errors: ${diagnostics[0]?.message.slice(0, 200)}`);
    }
    const r = interleave([{ name: "parse", run: () => parse(text) }, { name: "check", run: () => check(text) }], ROUNDS[i]);
    const mb = Buffer.byteLength(text) / 2 ** 20;
    rows.push([shape, n.toLocaleString("en"), mb.toFixed(1), diagnostics.length.toLocaleString("en"), fmtSummary(r.parse),
      fmtSummary(r.check), fmtMs(r.check.cpu.median), previous ? fmtRatio(r.check.cpu.median / previous.cpu.median) : ""]);
    previous = r.check;
  }
}
const header = ["shape", "questions", "MB", "diagnostics", "parse", "check", "check CPU", "CPU × previous"];
printTable(header, rows, `median (range) of ${ROUNDS.join(", ")} rounds by size`);
