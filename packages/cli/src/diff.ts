/**
 * A line diff for `flowc paths --check`: Myers' O(ND) algorithm on what is
 * left after the common first and last lines are set aside (an edit to a
 * flow usually changes a few paths, so that is small). Past `maxEdits`
 * differences it gives up and only counts, rather than use time and memory
 * quadratic in the file size.
 */

export type DiffOp = { readonly kind: " " | "-" | "+"; readonly line: string };

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

export interface UnifiedDiff {
  /** The hunks (`@@ -a,b +c,d @@` and lines), cut after `maxLines` lines; "" when equal. */
  readonly text: string;
  readonly added: number;
  readonly removed: number;
  /** False when there were too many differences to compute them line by line. */
  readonly detailed: boolean;
}

/** Unified-diff hunks with `context` lines around each change. */
export function unifiedDiff(
  a: readonly string[],
  b: readonly string[],
  options: { context?: number; maxLines?: number } = {},
): UnifiedDiff {
  const context = options.context ?? 3;
  const maxLines = options.maxLines ?? 200;
  const ops = diffLines(a, b);
  if (ops === null)
    return { text: "", added: b.length, removed: a.length, detailed: false };
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === "+") added++;
    else if (op.kind === "-") removed++;
  }
  // Line numbers in a and b before each op.
  const aLine = new Int32Array(ops.length + 1);
  const bLine = new Int32Array(ops.length + 1);
  for (let i = 0; i < ops.length; i++) {
    aLine[i + 1] = aLine[i]! + (ops[i]!.kind === "+" ? 0 : 1);
    bLine[i + 1] = bLine[i]! + (ops[i]!.kind === "-" ? 0 : 1);
  }
  const out: string[] = [];
  let i = 0;
  let shown = 0;
  let cut = false;
  while (i < ops.length && !cut) {
    if (ops[i]!.kind === " ") {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the
    // last change that is at most 2 * context equal lines away from the previous one.
    const start = Math.max(0, i - context);
    let end = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j]!.kind !== " ") {
        end = j + 1;
        j++;
        continue;
      }
      let run = 0;
      while (j + run < ops.length && ops[j + run]!.kind === " ") run++;
      if (j + run >= ops.length || run > 2 * context) break;
      j += run;
    }
    end = Math.min(ops.length, end + context);
    const aCount = aLine[end]! - aLine[start]!;
    const bCount = bLine[end]! - bLine[start]!;
    out.push(
      `@@ -${range(aLine[start]!, aCount)} +${range(bLine[start]!, bCount)} @@`,
    );
    for (let k = start; k < end; k++) {
      if (shown >= maxLines) {
        cut = true;
        break;
      }
      out.push(`${ops[k]!.kind}${ops[k]!.line}`);
      shown++;
    }
    i = end;
  }
  if (cut) out.push("… (more differences not shown)");
  return {
    text: out.length > 0 ? `${out.join("\n")}\n` : "",
    added,
    removed,
    detailed: true,
  };
}

/** `start,count` as unified diffs write it (1-based; an empty range names the line before). */
function range(before: number, count: number): string {
  const start = count === 0 ? before : before + 1;
  return count === 1 ? `${start}` : `${start},${count}`;
}
