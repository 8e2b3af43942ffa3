/**
 * Commands that a hint or a message tells the author to run, written so that
 * they run as printed in a POSIX shell (sh, bash, zsh).
 */

/**
 * `word` as one shell word: as it is when it has only characters no shell
 * treats specially (letters of any script, digits, `_ . , / @ : = + - …`),
 * else in single quotes.
 */
export function shellWord(word: string): string {
  if (/^[\p{L}\p{N}_.,/@:=+…-]+$/u.test(word) && !word.startsWith("=")) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Option keys as `flowc run --choose` reads them: separated by commas, a comma in a key as `\,`, a backslash as `\\`. */
export function chooseList(keys: readonly string[]): string {
  return keys.map((k) => k.replace(/\\/g, "\\\\").replace(/,/g, "\\,")).join(",");
}

/**
 * The `flowc run` command that plays `file` with these choices: it plays a
 * flow with errors too (`--allow-errors`, as far as the flow works) and
 * gives every input the flow needs its value from `values`, else a stand-in.
 */
export function runCommand(
  file: string,
  keys: readonly string[],
  inputs: readonly string[],
  /** Inputs given a real value (a choice input's value that a match on the way needs). */
  values: ReadonlyMap<string, string> = new Map(),
): string {
  const words = ["flowc", "run", file, "--allow-errors"];
  for (const name of inputs) words.push("--input", `${name}=${values.get(name) ?? "…"}`);
  // No choice to replay (a problem a match's value leads to before any question): the inputs say it all.
  if (keys.length > 0) words.push("--choose", chooseList(keys));
  return words.map(shellWord).join(" ");
}
