/**
 * Letters that look alike in the Cyrillic and Latin alphabets. Authors type
 * Russian texts and Latin names on one keyboard, so `оption` with a Cyrillic
 * «о» or `физлицo` with a Latin `o` look right on screen and are still
 * different words. Used for keywords (by the parser) and for names (by the
 * checks' did-you-mean) alike.
 */

/** Cyrillic letter → the Latin letter it looks like. */
const CYRILLIC_TO_LATIN: ReadonlyMap<string, string> = new Map([
  ["а", "a"],
  ["в", "b"],
  ["е", "e"],
  ["к", "k"],
  ["м", "m"],
  ["н", "h"],
  ["о", "o"],
  ["р", "p"],
  ["с", "c"],
  ["т", "t"],
  ["у", "y"],
  ["х", "x"],
  ["і", "i"],
  ["ј", "j"],
  ["ѕ", "s"],
  ["һ", "h"],
  ["ԁ", "d"],
  ["ԛ", "q"],
  ["ԝ", "w"],
  ["ӏ", "l"],
  ["А", "A"],
  ["В", "B"],
  ["Е", "E"],
  ["К", "K"],
  ["М", "M"],
  ["Н", "H"],
  ["О", "O"],
  ["Р", "P"],
  ["С", "C"],
  ["Т", "T"],
  ["У", "Y"],
  ["Х", "X"],
  ["І", "I"],
  ["Ј", "J"],
  ["Ѕ", "S"],
]);

/** Latin letter → the Cyrillic letter it looks like (the lowercase pairs, and their capitals). */
const LATIN_TO_CYRILLIC: ReadonlyMap<string, string> = new Map(
  [...CYRILLIC_TO_LATIN]
    .filter(([cyrillic]) => !["в", "к", "м", "н", "т", "һ"].includes(cyrillic))
    .map(([cyrillic, latin]) => [latin, cyrillic]),
);

function isCyrillic(ch: string): boolean {
  return /^\p{Script=Cyrillic}$/u.test(ch);
}

/** The word with every Cyrillic look-alike replaced by its Latin twin. */
export function toLatin(word: string): string {
  let out = "";
  for (const ch of word) out += CYRILLIC_TO_LATIN.get(ch) ?? ch;
  return out;
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * When `written` differs from `meant` only by look-alike letters, a sentence
 * that names the first of them: "`оption` has a Cyrillic «о» (U+043E) where a
 * Latin `o` belongs" (and how many more there are); otherwise undefined.
 */
export function explainLookalike(written: string, meant: string): string | undefined {
  const a = Array.from(written);
  const b = Array.from(meant);
  if (a.length !== b.length || written === meant) return undefined;
  const differences: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const twin = CYRILLIC_TO_LATIN.get(a[i]!) === b[i] || LATIN_TO_CYRILLIC.get(a[i]!) === b[i];
    if (!twin) return undefined;
    differences.push(i);
  }
  const first = differences[0]!;
  const ch = a[first]!;
  const alphabet = isCyrillic(ch) ? "Cyrillic" : "Latin";
  const other = alphabet === "Cyrillic" ? "Latin" : "Cyrillic";
  const more = differences.length - 1;
  const rest = more === 0 ? "" : ` (and ${more} more letter${more === 1 ? "" : "s"} like it)`;
  return `\`${written}\` has a ${alphabet} «${ch}» (${codePoint(ch)}) where a ${other} \`${b[first]}\` belongs${rest}`;
}
