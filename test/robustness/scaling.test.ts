/**
 * Time stays roughly linear in the input size: for each adversarial shape of
 * input (and each stage that reads it), the cost on an input 4 times bigger
 * is compared with the cost on the smaller one. Linear work gives a ratio of
 * about 4, n·log n about 5, quadratic work 16; the bound is 10. Cost is the
 * median of interleaved measurements of this process's CPU time (not
 * wall-clock time, which other processes on a loaded CI machine disturb).
 * Each shape here once hung a stage or was a likely suspect (see
 * docs/security.md).
 */
import {
  type CompileResult,
  compile,
  emitTypeScript,
  findPaths,
  format,
  formatDiagnostic,
  toDot,
  toMermaid,
} from "@flowc/dsl";
import { afterAll, describe, expect, it } from "vitest";
import { growth } from "./support.js";

const FACTOR = 4;
const BOUND = 10;

const repeat = (n: number, line: (i: number) => string): string => {
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = line(i);
  return parts.join("");
};

type Stage = "check" | "format" | "render" | "emit" | "graph" | "paths";

interface Shape {
  readonly name: string;
  /** The smaller size (the bigger one is FACTOR times it). */
  readonly n: number;
  readonly make: (n: number) => string;
  readonly stages: readonly Stage[];
}

const SHAPES: Shape[] = [
  {
    name: "many asks in the entry",
    n: 400,
    make: (n) => `flow f\n${repeat(n, (i) => `ask q${i} "Q${i}" {\n  option a "A" { say "a" }\n  option b "B"\n}\n`)}say "end"\n`,
    stages: ["check", "format", "emit", "graph", "paths"],
  },
  {
    name: "a chain of jumps with a say in each node",
    n: 500,
    make: (n) => `flow f\nsay "s"\n-> n0\n${repeat(n, (i) => `node n${i} {\n  say "x"\n  -> n${i + 1}\n}\n`)}node n${n} { say "end" }\n`,
    stages: ["check", "format", "emit", "graph", "paths"],
  },
  {
    name: "a chain of pure jumps",
    n: 1000,
    make: (n) => `flow f\nsay "s"\n-> n0\n${repeat(n, (i) => `node n${i} { -> n${i + 1} }\n`)}node n${n} { say "end" }\n`,
    stages: ["check", "format", "emit", "graph", "paths"],
  },
  {
    name: "one ask with many options",
    n: 500,
    make: (n) => `flow f\nask q "Q" {\n${repeat(n, (i) => `  option o${i} "O${i}" { say "s${i}" }\n`)}}\n`,
    stages: ["check", "format", "emit", "graph", "paths"],
  },
  {
    // Not "format": the canonical text indents each level, so its size (and
    // the time to make it) grows with the square of the depth, by nature; the
    // 1,000-level limit bounds it (huge.test.ts times the deepest case).
    name: "nesting (option bodies inside option bodies)",
    n: 250, // 4× is 1,000 levels, the most there may be
    make: (n) => `flow f\n${repeat(n, () => 'ask "Q" { option "A" {\n')}say "b"\n${"} }\n".repeat(n)}`,
    stages: ["check", "emit", "graph", "paths"],
  },
  {
    name: "a very long text",
    n: 20_000,
    make: (n) => `flow f "${"ж".repeat(n)}"\nsay "${"ю".repeat(n)}"\nask "${"я".repeat(n)}" {\n  option "${"й".repeat(n)}" { say "x" }\n  option "b" { say "y" }\n}\n`,
    stages: ["check", "format", "emit", "graph"],
  },
  {
    name: "a long word in a diagram label (no spaces to wrap at)",
    n: 5_000,
    make: (n) => `flow f\nsay "${"ю".repeat(n)}"\n`,
    stages: ["graph"],
  },
  {
    name: "long ids that differ in their first letter (did-you-mean)",
    n: 2_000,
    make: (n) => `flow f\nsay "x"\n-> x${"a".repeat(n)}\nnode y${"a".repeat(n)} { say "y" }\n`,
    stages: ["check", "render"],
  },
  {
    name: "many syntax errors on one long line",
    n: 1_000,
    make: (n) => `flow f\nsay "x" ${"say ".repeat(n)}\n`,
    stages: ["check", "render"],
  },
  {
    name: "many unknown characters on one long line",
    n: 1_000,
    make: (n) => `flow f\nsay "x" ${"@ ".repeat(n)}\n`,
    stages: ["check", "render"],
  },
  {
    // "Did you mean" compares each missing name with every node name, up to a
    // fixed budget of 2,000,000 comparisons in all (then it gives no more
    // hints): so many missing names *and* many nodes cost up to that budget,
    // by design; many of either alone must be linear.
    name: "many jumps to missing nodes, a few nodes",
    n: 1_000,
    make: (n) => `flow f\nask q "Q" {\n${repeat(n, (i) => `  option o${i} "O" -> m${i}x\n`)}}\n${repeat(5, (i) => `node m${i} { say "x" }\n`)}`,
    stages: ["check", "render", "graph"],
  },
  {
    name: "many options with the same key",
    n: 2_000,
    make: (n) => `flow f\nask q "Q" {\n${'  option "Same"\n'.repeat(n)}}\nsay "x"\n`,
    stages: ["check", "render", "graph"],
  },
  {
    name: "many nodes with the same name",
    n: 1_000,
    make: (n) => `flow f\nsay "x"\n${'node n { say "x" }\n'.repeat(n)}`,
    stages: ["check", "render", "graph", "paths"],
  },
  {
    name: "many dead ends deep in a chain of asks (reached-by paths)",
    n: 600,
    make: (n) => `flow f\n${repeat(n, (i) => `ask q${i} "Q" {\n  option a "A" { end }\n  option b "B"\n}\nnote "n"\n`)}say "end"\n`,
    stages: ["check", "render", "graph", "paths"],
  },
  {
    name: "a ring of asks with no exit",
    n: 1_200,
    make: (n) => `flow f\nsay "x"\n-> n0\n${repeat(n, (i) => `node n${i} { ask "Q" { option a "A" -> n${(i + 1) % n} option b "B" -> n${i} } }\n`)}`,
    stages: ["check", "render", "graph", "paths"],
  },
  {
    name: "many comments",
    n: 1_000,
    make: (n) => `flow f\n${repeat(n, (i) => `// c${i}\nsay "x${i}" /* b */\n`)}`,
    stages: ["check", "format"],
  },
  {
    name: "many placeholders in one text",
    n: 2_000,
    make: (n) => `flow f\ninput a\nsay "${"{a}".repeat(n)}"\n`,
    stages: ["check", "format", "emit"],
  },
  {
    name: "a long triple-quoted text",
    n: 2_000,
    make: (n) => `flow f\nsay """\n${repeat(n, (i) => `  line ${i}\n`)}"""\n`,
    stages: ["check", "format", "emit"],
  },
  {
    name: "many unused inputs",
    n: 1_000,
    make: (n) => `flow f\n${repeat(n, (i) => `input i${i} "I"\n`)}say "x"\n`,
    stages: ["check", "render", "emit"],
  },
  {
    name: "many unclosed texts",
    n: 1_000,
    make: (n) => `flow f\n${'say "x\n'.repeat(n)}`,
    stages: ["check", "render", "graph"],
  },
  {
    name: "an unclosed block comment and stray braces",
    n: 5_000,
    make: (n) => `flow f\n${"}".repeat(n)}\nsay "x" /* ${"{ ".repeat(n)}`,
    stages: ["check", "render"],
  },
];

const STAGES: Record<Stage, (c: CompileResult, text: string) => void> = {
  check: (_c, text) => void compile(text, "f.flow"),
  format: (_c, text) => void format(text, "f.flow"),
  render: (c) => {
    for (const d of c.diagnostics) formatDiagnostic(d, c.source);
  },
  emit: (c) => void emitTypeScript(c.definition!, { sourceName: "f.flow" }),
  graph: (c) => {
    toMermaid(c);
    toDot(c);
  },
  paths: (c) => void findPaths(c),
};

const measured: string[] = [];
afterAll(() => console.log(`[scaling]\n${measured.join("\n")}`));

describe("time grows about linearly with the input", () => {
  for (const shape of SHAPES) {
    for (const stage of shape.stages) {
      it(`${shape.name}: ${stage}`, () => {
        // Compiling is not part of what the later stages measure.
        const compiled = new Map<string, CompileResult>();
        const prepare = (n: number) => {
          const text = shape.make(n);
          if (stage !== "check" && stage !== "format") compiled.set(text, compile(text, "f.flow"));
          return text;
        };
        const work = (text: string) => STAGES[stage](compiled.get(text)!, text);
        let g = growth(prepare, work, shape.n, FACTOR);
        // A pause for garbage collection can land in one measurement; work that
        // really grows too fast fails the second, longer try as well.
        if (g.ratio >= BOUND) g = growth(prepare, work, shape.n, FACTOR, 7);
        const { ratio, small, big, reps } = g;
        const line = `${shape.name} / ${stage}: ${small.toFixed(1)} ms → ${big.toFixed(1)} ms at ${FACTOR}× the size (${reps}× each), ratio ${ratio.toFixed(1)}`;
        measured.push(line);
        expect(ratio, line).toBeLessThan(BOUND);
      });
    }
  }
});
