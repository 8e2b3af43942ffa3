import fc from "fast-check";

/**
 * Random flows for property tests: a small model of the language's control
 * flow (asks, options with a target, a body or nothing, fall-through, `end`,
 * jumps to nodes and to `start`, loops, say/note, empty nodes), a fast-check
 * generator of models, and a printer that turns a model into source text and
 * says where each part of the model was printed.
 *
 * Used by check.oracle.property.test.ts (the checks against brute force) and
 * paths.test.ts (the paths against the runtime).
 */

/** A node index, or -1 for `start`. */
export type Target = number;

export type Stmt =
  | { readonly k: "say" }
  | { readonly k: "note" }
  | { readonly k: "end" }
  | { readonly k: "goto"; readonly to: Target }
  | { readonly k: "ask"; readonly options: readonly Opt[] };

export type AskStmt = Extract<Stmt, { k: "ask" }>;

export interface Opt {
  readonly target?: Target;
  readonly body?: readonly Stmt[];
}

export interface Model {
  readonly entry: readonly Stmt[];
  readonly nodes: readonly (readonly Stmt[])[];
}

export interface ModelShape {
  /** Nodes besides the entry: from 0 up to this many. */
  readonly maxNodes: number;
  /**
   * Start the entry and every option body with a `say`, and draw `say` twice
   * as often: most such flows compile (few dead ends), which a test that
   * needs a compiled flow wants. Without it, dead ends and silent ends are
   * as likely as anything else.
   */
  readonly saysFirst?: boolean;
}

/** Models of random flows. Every statement and option is a fresh object: printers and oracles key maps by identity. */
export function randomModel(shape: ModelShape): fc.Arbitrary<Model> {
  const saysFirst = shape.saysFirst ?? false;
  // Fresh objects (not fc.constant) each time.
  const say = () => fc.constant(null).map((): Stmt => ({ k: "say" }));
  const withSay = (list: Stmt[]): Stmt[] => (saysFirst ? [{ k: "say" }, ...list] : list);
  return fc.integer({ min: 0, max: shape.maxNodes }).chain((nodeCount) => {
    const target = fc.integer({ min: -1, max: nodeCount - 1 });
    const tree = fc.letrec<{ list: Stmt[]; stmt: Stmt; option: Opt }>((tie) => ({
      list: fc.array(tie("stmt"), { maxLength: 4 }),
      stmt: fc.oneof(
        { maxDepth: 3, depthIdentifier: "flow" },
        ...(saysFirst ? [say(), say()] : [say()]),
        fc.constant(null).map((): Stmt => ({ k: "note" })),
        fc.constant(null).map((): Stmt => ({ k: "end" })),
        target.map((to): Stmt => ({ k: "goto", to })),
        fc
          .array(tie("option"), { minLength: 1, maxLength: 3 })
          .map((options): Stmt => ({ k: "ask", options })),
      ),
      option: fc.oneof(
        { depthIdentifier: "flow" },
        fc.constant(null).map((): Opt => ({})),
        target.map((t): Opt => ({ target: t })),
        tie("list").map((body): Opt => ({ body: withSay(body) })),
      ),
    }));
    return fc.record({
      entry: tree.list.map(withSay),
      nodes: fc.array(tree.list, { minLength: nodeCount, maxLength: nodeCount }),
    });
  });
}

/** A printed model, and where each element of it was printed (1-based lines). */
export interface PrintedFlow {
  readonly text: string;
  readonly askLine: Map<Stmt, number>;
  /** The ask's id: the one printed, or the one the language derives when none is. */
  readonly askId: Map<Stmt, string>;
  readonly optionLine: Map<Opt, number>;
  readonly optionKey: Map<Opt, string>;
  readonly gotoLine: Map<Stmt, number>;
  readonly nodeLine: number[];
}

/**
 * The model as a `.flow` file named `random`: texts numbered so that each is
 * unique, option keys `o<n>`, nodes `n<i>`. Asks get explicit ids `a<n>`, or
 * with `asks: "derived"` none, so that the language derives them (the node's
 * id for its first ask, then `<node>#2`, … in source order).
 */
export function printFlow(
  model: Model,
  { asks = "explicit" }: { readonly asks?: "explicit" | "derived" } = {},
): PrintedFlow {
  const lines: string[] = ["flow random"];
  const askLine = new Map<Stmt, number>();
  const askId = new Map<Stmt, string>();
  const optionLine = new Map<Opt, number>();
  const optionKey = new Map<Opt, string>();
  const gotoLine = new Map<Stmt, number>();
  const nodeLine: number[] = [];
  let counter = 0;
  const name = (t: Target) => (t < 0 ? "start" : `n${t}`);
  // An explicit stack of "print this statement" and "print this line" jobs:
  // printing never recurses, however deep the model.
  type Job =
    | { readonly stmt: Stmt; readonly indent: string }
    | { readonly line: string; readonly option?: Opt };
  const printList = (list: readonly Stmt[], scope: string, indent: string) => {
    let asksInScope = 0;
    const jobs: Job[] = list.map((stmt) => ({ stmt, indent })).reverse();
    while (jobs.length > 0) {
      const job = jobs.pop()!;
      if ("line" in job) {
        if (job.option) optionLine.set(job.option, lines.length + 1);
        lines.push(job.line);
        continue;
      }
      const { stmt: s, indent: pad } = job;
      counter++;
      if (s.k === "say") lines.push(`${pad}say "s${counter}"`);
      else if (s.k === "note") lines.push(`${pad}note "n${counter}"`);
      else if (s.k === "end") lines.push(`${pad}end`);
      else if (s.k === "goto") {
        gotoLine.set(s, lines.length + 1);
        lines.push(`${pad}-> ${name(s.to)}`);
      } else {
        asksInScope++;
        const id =
          asks === "explicit"
            ? `a${counter}`
            : asksInScope === 1
              ? scope
              : `${scope}#${asksInScope}`;
        askLine.set(s, lines.length + 1);
        askId.set(s, id);
        lines.push(
          asks === "explicit" ? `${pad}ask ${id} "Q${counter}" {` : `${pad}ask "Q${counter}" {`,
        );
        const inner: Job[] = [];
        for (const o of s.options) {
          const key = `o${++counter}`;
          optionKey.set(o, key);
          const head = `${pad}  option ${key} "L"`;
          if (o.target !== undefined) {
            inner.push({ line: `${head} -> ${name(o.target)}`, option: o });
          } else if (o.body !== undefined) {
            inner.push({ line: `${head} {`, option: o });
            for (const b of o.body) inner.push({ stmt: b, indent: `${pad}    ` });
            inner.push({ line: `${pad}  }` });
          } else inner.push({ line: head, option: o });
        }
        inner.push({ line: `${pad}}` });
        // Pushed in reverse so that they print in order.
        jobs.push(...inner.reverse());
      }
    }
  };
  printList(model.entry, "start", "");
  model.nodes.forEach((body, i) => {
    nodeLine.push(lines.length + 1);
    lines.push(`node n${i} {`);
    printList(body, `n${i}`, "  ");
    lines.push("}");
  });
  return {
    text: `${lines.join("\n")}\n`,
    askLine,
    askId,
    optionLine,
    optionKey,
    gotoLine,
    nodeLine,
  };
}
