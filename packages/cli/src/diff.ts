/**
 * The unified diff that `flowc paths --check` prints. The line diff itself
 * is the dsl's `diffLines`, which the editor's formatting uses too.
 */
import type { Dsl } from "./dsl.js";

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
  dsl: Pick<Dsl, "diffLines">,
  a: readonly string[],
  b: readonly string[],
  options: { context?: number; maxLines?: number } = {},
): UnifiedDiff {
  const context = options.context ?? 3;
  const maxLines = options.maxLines ?? 200;
  const ops = dsl.diffLines(a, b);
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
