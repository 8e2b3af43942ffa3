/**
 * The dsl's line diff (`flowc paths --check` prints it; the editor's
 * formatting turns it into edits): its script turns one list of lines into
 * the other, keeps as many lines as a longest common subsequence, and gives
 * up past its limit.
 */
import fc from "fast-check";
import { diffLines } from "@flowc/dsl";
import { describe, expect, it } from "vitest";

const lines = fc.array(fc.constantFrom("a", "b", "c", "", "== d"), { maxLength: 30 });

/** The length of a longest common subsequence, by the textbook table. */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  return t[0]![0]!;
}

describe("diffLines", () => {
  it("gives a shortest script from a to b", () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b)!;
        expect(ops.filter((op) => op.kind !== "+").map((op) => op.line)).toEqual(a);
        expect(ops.filter((op) => op.kind !== "-").map((op) => op.line)).toEqual(b);
        expect(ops.filter((op) => op.kind === " ")).toHaveLength(lcs(a, b));
      }),
    );
  });

  it("gives up (null) past maxEdits differences", () => {
    expect(diffLines(["a", "b", "c"], ["x", "y", "z"], 5)).toBeNull();
    expect(diffLines(["a", "b", "c"], ["x", "b", "z"], 5)).toHaveLength(5);
  });
});
