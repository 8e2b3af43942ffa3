/**
 * Short labels for diagrams: a text made into at most a few lines of a given
 * width, counted in user-perceived characters (grapheme clusters, so `й`,
 * `🇷🇺` and `👍🏽` count one each and are never cut in half).
 */

let segmenter: Intl.Segmenter | null = null;

/**
 * Letters, digits and punctuation of Latin, Greek and Cyrillic, none of them
 * a combining mark: each is one character. Most flows are written in these,
 * and asking the segmenter word by word makes a big flow's diagram take
 * seconds.
 */
const ONE_UNIT_EACH = /^[\x20-\x7e\u00a0-\u02ff\u0370-\u03ff\u0400-\u0482\u048a-\u052f]*$/;

function graphemes(text: string): string[] {
  if (ONE_UNIT_EACH.test(text)) return text.split("");
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Every run of whitespace or control characters (line breaks, tabs) as one space. */
export function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, " ").trim();
}

/**
 * `text` on one line, word-wrapped to `width` characters, at most `maxLines`
 * lines; a cut text ends with `…`. A word longer than a line is split.
 */
export function wrap(text: string, width: number, maxLines: number): string[] {
  // Only the start of a long text can show. Intl.Segmenter gets much slower
  // than linear on a long run of letters (measured: 80,000 Cyrillic letters
  // take a minute), so a text far longer than the label is cut first; 4 code
  // units a character leaves room for accents and emoji sequences.
  const room = 4 * (width + 1) * (maxLines + 1);
  if (text.length > room) {
    let end = room;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--; // never half a surrogate pair
    const lines = wrap(text.slice(0, end), width, maxLines);
    const tail = lines[lines.length - 1]!;
    if (!tail.endsWith("…")) {
      lines[lines.length - 1] = `${graphemes(tail).slice(0, Math.max(0, width - 1)).join("").trimEnd()}…`;
    }
    return lines;
  }
  // Most labels are short and plain: no need to split them into words.
  if (
    text.length <= width &&
    /^[\x21-\x7e\u00a1-\u02ff\u0400-\u04ff]+(?: [\x21-\x7e\u00a1-\u02ff\u0400-\u04ff]+)*$/.test(
      text,
    )
  ) {
    return [text];
  }
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of oneLine(text).split(" ")) {
    if (word === "") continue;
    let chars = graphemes(word);
    if (line.length > 0 && line.length + 1 + chars.length <= width) {
      line.push(" ");
      for (const c of chars) line.push(c);
      continue;
    }
    if (line.length > 0) lines.push(line.join(""));
    while (chars.length > width && lines.length <= maxLines) {
      lines.push(chars.slice(0, width).join(""));
      chars = chars.slice(width);
    }
    line = chars;
    // One line more than can be shown is enough to know the text is cut.
    if (lines.length > maxLines) break;
  }
  if (line.length > 0) lines.push(line.join(""));
  if (lines.length > maxLines) {
    lines.length = maxLines;
    const last = graphemes(lines[maxLines - 1]!);
    lines[maxLines - 1] = `${last
      .slice(0, Math.max(0, width - 1))
      .join("")
      .trimEnd()}…`;
  }
  return lines.length > 0 ? lines : [""];
}
