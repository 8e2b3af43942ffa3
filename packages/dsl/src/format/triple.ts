import { indentText } from "./writer.js";

/**
 * Re-indents a `"""` block string to a new nesting level without changing
 * its value. The language removes the common leading indentation of the
 * non-blank lines, so replacing that common prefix by another one (the new
 * level plus one) keeps every decoded line the same. Whitespace-only lines
 * are printed empty. The closing `"""` lines up with the content. The caller verifies the decoded value afterwards and
 * keeps the author's slice when it would differ.
 *
 * `raw` is the source slice from the opening to the closing `"""`.
 */
export function reindentTriple(raw: string, level: number): string {
  const lines = raw.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  // lines[0] is the opening `"""` (plus whitespace), the last one the closing `"""`.
  const content = lines.slice(1, -1);
  let common: string | null = null;
  for (const line of content) {
    if (isBlank(line)) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (common === null) common = lead;
    else {
      let n = 0;
      while (n < common.length && n < lead.length && common[n] === lead[n]) n++;
      common = common.slice(0, n);
    }
  }
  const cut = common?.length ?? 0;
  const inner = indentText(level + 1);
  const body = content.map((line) => (isBlank(line) ? "" : inner + line.slice(cut)));
  return ['"""', ...body, inner + '"""'].join("\n");
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}
