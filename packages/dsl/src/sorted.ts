/**
 * Binary search over anything sorted by a number (line starts, token
 * offsets, comment and diagnostic positions): one loop for every place
 * that looks an offset up.
 */

/**
 * How many of the `length` items, ascending by `keyAt(index)`, have a key
 * below `value`: the index of the first one at or above it (`length` when
 * there is none). For integer keys, `countBelow(…, x + 1) - 1` is the last
 * item at or below `x` (-1 when there is none).
 */
export function countBelow(length: number, keyAt: (index: number) => number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyAt(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
