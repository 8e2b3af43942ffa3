/**
 * The line diff of `flowc paths --check` and of the editor's formatting:
 * Myers' O(ND) algorithm on what is left after the common first and last
 * lines are set aside (an edit to a flow, or formatting it, usually changes
 * a few lines, so that is small). Past `maxEdits` differences it gives up
 * (null) rather than use time and memory quadratic in the file size.
 */

/** One line of a diff: kept (" "), removed ("-") or added ("+"). */
export type DiffOp = { readonly kind: " " | "-" | "+"; readonly line: string };

/** The edit script that turns lines `a` into lines `b`, or null past `maxEdits` differences. */
export function diffLines(
  a: readonly string[],
  b: readonly string[],
  maxEdits = 2_000,
): DiffOp[] | null {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix])
    prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const middle = myers(
    a.slice(prefix, a.length - suffix),
    b.slice(prefix, b.length - suffix),
    maxEdits,
  );
  if (middle === null) return null;
  const ops: DiffOp[] = [];
  for (let i = 0; i < prefix; i++) ops.push({ kind: " ", line: a[i]! });
  for (const op of middle) ops.push(op);
  for (let i = a.length - suffix; i < a.length; i++)
    ops.push({ kind: " ", line: a[i]! });
  slideDown(ops);
  return ops;
}

/**
 * Where a run of added (or removed) lines could equally sit lower, because its
 * first line repeats the line after it, move it down, as git does: an added
 * block then reads as whole paragraphs (`+== c` … `+(finish)`) rather than
 * starting with the previous paragraph's last line.
 */
function slideDown(ops: DiffOp[]): void {
  let i = 0;
  while (i < ops.length) {
    const kind = ops[i]!.kind;
    if (kind === " ") {
      i++;
      continue;
    }
    let j = i;
    while (j < ops.length && ops[j]!.kind === kind) j++;
    while (
      j < ops.length &&
      ops[j]!.kind === " " &&
      ops[j]!.line === ops[i]!.line
    ) {
      ops[j] = { kind, line: ops[j]!.line };
      ops[i] = { kind: " ", line: ops[i]!.line };
      i++;
      j++;
    }
    i = j;
  }
}

function myers(
  a: readonly string[],
  b: readonly string[],
  maxEdits: number,
): DiffOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // What round d reads: v[k - 1] and v[k + 1] for k in -d..d.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return null;
  // Walk back through the saved rounds, collecting the edit script in reverse.
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const t = trace[d]!;
    const at = (k: number) => t[k + d + 1]!;
    const k = x - y;
    const prevK =
      k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[y - 1]! });
      else ops.push({ kind: "-", line: a[x - 1]! });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}
