/**
 * Regression bench for @flowc/runtime: one `choose` (and reading the new session's outputs, as a UI does) on long random
 * conversations in flows of 1,000 and 100,000 questions, which should cost about the same; and the first `start`.
 */
import { compile } from "@flowc/dsl";
import { choose, start } from "@flowc/runtime";
import { createRandom } from "./lib/tree.mjs";
import { fmtMs, fmtSummary, fmtUs, printTable, quick, runCases, summarize, timeOnce } from "./lib/measure.mjs";

const SIZES = quick ? [1_000] : [1_000, 100_000];
const CHOICES = quick ? 20_000 : 200_000;
const ROUNDS = quick ? 3 : 7;

/** n questions whose conversations run about 20 choices (a seventh of the third options end), so outputs pile up. */
function flowSource(n) {
  const rng = createRandom(n);
  const out = ['flow gen "Генератор"\ninput name "Имя"\n-> q0\n'];
  for (let i = 0; i < n; i++) {
    out.push(`node q${i} {
  ask "Вопрос {name} ${i}?" {
    option k0 "Дальше" { say "Шаг {name} ${i}.0" -> q${(i + 1) % n} }
    option k1 "Куда-то" { say "Шаг {name} ${i}.1" -> q${rng.int(n)} }
    option k2 "Заявка" {
      say "Шаг {name} ${i}.2"
      ticket "Заявка" { priority high field c "Комментарий" required }
      ${i % 7 === 0 ? "end" : `-> q${rng.int(n)}`}
    }
  }
}
`);
  }
  return out.join("");
}

const firstStart = {};
const cases = SIZES.map((n) => ({
  name: n.toLocaleString("en"),
  setup() {
    const { definition, diagnostics } = compile(flowSource(n), "gen.flow");
    if (!definition) throw new Error(`the generated flow does not compile: ${diagnostics[0]?.message}`);
    const inputs = { name: "Анна" };
    firstStart[n] = timeOnce(() => start(definition, inputs)).ms;
    return { definition, inputs, rng: createRandom(7) };
  },
  run({ definition, inputs, rng }) {
    let session = start(definition, inputs);
    for (let made = 0; made < CHOICES; made++) {
      if (session.status === "done") session = start(definition, inputs);
      session = choose(session, KEYS[rng.int(3)]);
      void session.outputs.length;
    }
  },
}));
const KEYS = ["k0", "k1", "k2"];
const perChoice = (ms) => (ms * 1000) / CHOICES;
const rows = (await runCases(cases, { samples: ROUNDS, warmup: 1 })).map((r, i) => [
  r.name, fmtSummary(summarize(r.samples.map(perChoice)), fmtUs), fmtUs(perChoice(r.cpu.median)), fmtMs(firstStart[SIZES[i]]),
]);
printTable(["questions", "per choice, median (range)", "CPU, median", "first start"], rows,
  `${ROUNDS} rounds of ${CHOICES.toLocaleString("en")} choices (restarting when a conversation ends)`);
