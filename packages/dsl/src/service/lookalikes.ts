/**
 * Letters of other alphabets that look like Latin ones (and back): the
 * usual slip of an author who types Russian and English, e.g. `sаy` with
 * a Cyrillic `а`. Only the pairs that look the same in ordinary fonts.
 */
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: "a", е: "e", о: "o", р: "p", с: "c", у: "y", х: "x", і: "i", ј: "j", ѕ: "s", ԁ: "d", ԛ: "q", ԝ: "w",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X", У: "Y", І: "I", Ј: "J", Ѕ: "S",
};
const GREEK_TO_LATIN: Readonly<Record<string, string>> = {
  ο: "o", ν: "v", ρ: "p", ι: "i", Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O",
  Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
};
const TO_LATIN: Readonly<Record<string, string>> = { ...CYRILLIC_TO_LATIN, ...GREEK_TO_LATIN };
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CYRILLIC_TO_LATIN).map(([cyr, lat]) => [lat, cyr]),
);

const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * The word written in one alphabet, when it mixes two and every letter of
 * the minority one has a look-alike in the majority one; null otherwise.
 * Ties go to Latin (keywords are Latin).
 */
export function straightenLookalikes(word: string): string | null {
  const letters = Array.from(word);
  let latin = 0;
  let other = 0;
  let cyrillic = 0;
  for (const ch of letters) {
    if (LATIN.test(ch)) latin++;
    else if (ch in TO_LATIN || /\p{L}/u.test(ch)) {
      other++;
      if (CYRILLIC.test(ch)) cyrillic++;
    }
  }
  if (latin === 0 || other === 0) return null;
  if (latin >= other) {
    const out = letters.map((ch) => (LATIN.test(ch) || !/\p{L}/u.test(ch) ? ch : TO_LATIN[ch]));
    return out.every((ch) => ch !== undefined) ? out.join("") : null;
  }
  if (cyrillic !== other) return null;
  const out = letters.map((ch) => (LATIN.test(ch) ? LATIN_TO_CYRILLIC[ch] : ch));
  return out.every((ch) => ch !== undefined) ? out.join("") : null;
}
