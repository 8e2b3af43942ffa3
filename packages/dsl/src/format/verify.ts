import type { Comment, FlowFile, Text } from "../ast/types.js";

/**
 * What formatting must keep: everything in the AST except positions, and
 * every comment. The walk is iterative (flows nest a thousand levels deep).
 */

export interface Comparison {
  /** True when the two files are the same apart from positions (and the texts listed below). */
  readonly same: boolean;
  /** Start offsets (in the first file) of `"""` texts whose value differs. */
  readonly changedTriples: readonly number[];
}

/** Compares two ASTs, ignoring spans and comments. */
export function compareFiles(a: FlowFile, b: FlowFile): Comparison {
  const changedTriples: number[] = [];
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (x === null || y === null || typeof x !== "object" || typeof y !== "object") {
      return { same: false, changedTriples };
    }
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return { same: false, changedTriples };
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
      continue;
    }
    const ox = x as Record<string, unknown>;
    const oy = y as Record<string, unknown>;
    if (ox.kind === "Text" && oy.kind === "Text") {
      const tx = x as Text;
      const ty = y as Text;
      if (tx.triple === ty.triple && textValue(tx) === textValue(ty)) continue;
      if (!tx.triple || !ty.triple) return { same: false, changedTriples };
      changedTriples.push(tx.span.start);
      continue;
    }
    const kx = Object.keys(ox).filter(relevant);
    const ky = Object.keys(oy).filter(relevant);
    if (kx.length !== ky.length) return { same: false, changedTriples };
    for (const k of kx) {
      if (!(k in oy)) return { same: false, changedTriples };
      stack.push(ox[k], oy[k]);
    }
  }
  return { same: true, changedTriples };
}

function relevant(key: string): boolean {
  return key !== "span" && key !== "comments";
}

/** The decoded value of a text: what formatting must never change. */
function textValue(t: Text): string {
  let s = `${t.raw}\u0000${t.missing === true}`;
  for (const p of t.parts) s += p.kind === "Literal" ? `\u0001${p.value}` : `\u0002${p.name}`;
  return s;
}

/** True when both lists hold the same comment texts, in any order (line breaks normalised). */
export function sameComments(a: readonly Comment[], b: readonly Comment[]): boolean {
  if (a.length !== b.length) return false;
  const bag = (list: readonly Comment[]) => list.map((c) => c.value.replace(/\r\n/g, "\n")).sort();
  const x = bag(a);
  const y = bag(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
