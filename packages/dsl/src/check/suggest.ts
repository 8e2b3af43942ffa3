/**
 * "Did you mean `x`?": the closest known name by edit distance (insert,
 * delete, replace, swap two neighbours), counted in code points and ignoring
 * case. Only close matches are offered — a wild guess is worse than none.
 *
 * Work is bounded: one Suggester caches answers per name and stops comparing
 * after a fixed budget of candidate comparisons, so a file with 100,000 bad
 * names and 100,000 good ones still checks in linear time (late names then go
 * without a hint rather than slowing everything down).
 */
export class Suggester {
  /** Made on the first question: a flow without a bad name never needs them. */
  private candidates: { name: string; chars: string[] }[] | null = null;
  private readonly names: readonly string[];
  private readonly cache = new Map<string, string | null>();
  private budget: number;

  constructor(names: Iterable<string>, budget = 2_000_000) {
    this.names = Array.from(names);
    this.budget = budget;
  }

  suggest(name: string): string | null {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const result = this.find(name);
    this.cache.set(name, result);
    return result;
  }

  private known(): { name: string; chars: string[] }[] {
    if (this.candidates !== null) return this.candidates;
    const seen = new Set<string>();
    this.candidates = [];
    for (const name of this.names) {
      if (name === "" || seen.has(name)) continue;
      seen.add(name);
      this.candidates.push({ name, chars: Array.from(name.toLowerCase()) });
    }
    return this.candidates;
  }

  private find(name: string): string | null {
    const chars = Array.from(name.toLowerCase());
    const limit = chars.length <= 3 ? 1 : chars.length <= 6 ? 2 : 3;
    let best: string | null = null;
    let bestDistance = limit + 1;
    for (const c of this.known()) {
      // Every candidate looked at counts, even one ruled out by its length alone.
      if (this.budget-- <= 0) break;
      if (Math.abs(c.chars.length - chars.length) >= bestDistance) continue;
      const d = distance(chars, c.chars, bestDistance - 1);
      if (d < bestDistance) {
        bestDistance = d;
        best = c.name;
      }
    }
    return best;
  }
}

/**
 * Optimal string alignment distance, or `max + 1` as soon as it must exceed
 * `max`. Only the diagonal band |i - j| <= max is computed (a cell outside it
 * is already more than `max`), so the cost is O(length * max), not
 * O(length^2): two 100,000-character names that differ in their first letter
 * are compared in a blink.
 */
export function distance(a: readonly string[], b: readonly string[], max: number): number {
  const n = b.length;
  const out = max + 1;
  if (Math.abs(a.length - n) > max) return out;
  // Three rows, reused; a cell never written in the band counts as `out`.
  let prev2: number[] = new Array<number>(n + 2).fill(out);
  let prev: number[] = new Array<number>(n + 2).fill(out);
  let cur: number[] = new Array<number>(n + 2).fill(out);
  for (let j = 0; j <= Math.min(n, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    // This array last held row i - 3: clear the cells of this row that are
    // read but not written (left of the band, and column 0).
    cur[0] = i <= max ? i : out;
    cur[lo - 1] = lo - 1 === 0 ? cur[0] : out;
    let rowMin = cur[0]!;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      if (v > out) v = out;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Right of the band: read by the next row, never written in this one.
    cur[hi + 1] = out;
    if (rowMin > max) return out;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n]!, out);
}
