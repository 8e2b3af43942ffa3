/**
 * The abstract decision tree every tool's source is generated from: `size` questions of three options; question i
 * (i > 0) hangs on a free option of a random earlier one (so all are reachable), and of the options left, enough jump
 * forward to a later question that 60% of all options jump; the rest finish with two lines of Russian text.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same trees and walks on every machine. */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (array) => array[Math.floor(next() * array.length)] };
}

const SUBJECTS = [
  "Клиент", "Получатель", "Покупатель", "Продавец", "Курьер", "Оператор", "Склад", "Пункт выдачи",
  "Перевозчик", "Магазин",
];
const VERBS = [
  "получил", "не получил", "отменил", "вернул", "оплатил", "ожидает", "уточняет", "подтвердил", "перенёс",
  "изменил",
];
const OBJECTS = [
  "заказ", "упаковку", "возврат", "посылку", "оплату", "доставку", "адрес доставки", "чек", "промокод",
  "статус заказа",
];
const TAILS = [
  "в личном кабинете", "в пункте выдачи", "вчера вечером", "на прошлой неделе", "по почте России",
  "в постамате", "через курьера", "без уведомления", "частично", "с опозданием",
];
const SCRIPTS = [
  "Уже передал информацию коллегам, статус изменится в ближайшие два дня.",
  "Пожалуйста, проверьте уведомления в приложении, мы отправили подробности.",
  "Деньги вернутся на карту в течение десяти рабочих дней.",
  "Курьер свяжется с вами накануне доставки и уточнит удобное время.",
  "Заказ будет храниться в пункте выдачи ещё пять дней.",
  "Мы оформили заявку, ответ придёт на электронную почту.",
  "Спасибо за ожидание, вопрос решён, статус уже обновлён.",
  "Приносим извинения за неудобства, начислили баллы на ваш счёт.",
];

const OPTIONS_PER_QUESTION = 3;
const JUMP_SHARE = 0.6;

const phrase = (rng) => `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${rng.pick(TAILS)}`;

/** The tree of `size` questions: { size, seed, questions: [{ text, options: [{ label, next, lines }] }] }. */
export function generateTree(size, seed = 20240601) {
  const rng = createRandom(seed ^ size);
  const questions = [];
  const free = []; // option slots (question * 3 + index) not used by the spanning tree yet
  const targets = new Int32Array(size * OPTIONS_PER_QUESTION).fill(-1);
  for (let i = 0; i < size; i++) {
    if (i > 0) {
      const at = rng.int(free.length);
      targets[free[at]] = i;
      free[at] = free[free.length - 1];
      free.pop();
    }
    for (let k = 0; k < OPTIONS_PER_QUESTION; k++) free.push(i * OPTIONS_PER_QUESTION + k);
  }
  // Of the 3n options, n - 1 are spanning-tree jumps; spread the rest so that jumps make up JUMP_SHARE of all options.
  const total = size * OPTIONS_PER_QUESTION;
  const extra = Math.max(0, Math.round(JUMP_SHARE * total) - (size - 1));
  const extraShare = free.length > 0 ? extra / free.length : 0;
  for (let i = 0; i < size; i++) {
    const options = [];
    for (let k = 0; k < OPTIONS_PER_QUESTION; k++) {
      const slot = i * OPTIONS_PER_QUESTION + k;
      let next = targets[slot];
      if (next < 0 && i < size - 1 && rng.next() < extraShare) next = i + 1 + rng.int(size - 1 - i);
      options.push({
        label: phrase(rng),
        next: next >= 0 ? next : null,
        lines: next >= 0 ? null : [`${rng.pick(SUBJECTS)}, ${rng.pick(SCRIPTS).toLowerCase()}`, rng.pick(SCRIPTS)],
      });
    }
    questions.push({ text: `Вопрос ${i}. ${phrase(rng)}?`, options });
  }
  return { size, seed, questions };
}

/** Seeded random walks, the same for every tool: each lists the option indices chosen from question 0 to a finish. */
export function generateWalks(tree, count, seed = 7) {
  const rng = createRandom(seed);
  const walks = [];
  for (let w = 0; w < count; w++) {
    const walk = [];
    for (let q = 0; q !== null; ) {
      const k = rng.int(OPTIONS_PER_QUESTION);
      walk.push(k);
      q = tree.questions[q].options[k].next;
    }
    walks.push(walk);
  }
  return walks;
}
