import fc from "fast-check";

/**
 * Random flows for property tests: a small model of the language's control
 * flow (asks, options with a target, a body or nothing, fall-through, `end`,
 * jumps to nodes and to `start`, loops, say/note, empty nodes, and with
 * `matches: true` choice inputs and `match`es on them), a fast-check
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
  | { readonly k: "ask"; readonly options: readonly Opt[] }
  | MatchStmt;

/**
 * `match c<input> { case … else … }`: every value of the input has exactly
 * one case, or none and then the `else` takes it (there is an `else` exactly
 * when some value has no case, so it is never unreachable).
 */
export interface MatchStmt {
  readonly k: "match";
  readonly input: number;
  readonly cases: readonly Branch[];
  readonly else?: Opt;
}

/** A case: its values (indexes into its input's values), then like an option (a target, a body, or neither: `{ }`). */
export interface Branch extends Opt {
  readonly values: readonly number[];
}

export type AskStmt = Extract<Stmt, { k: "ask" }>;

export interface Opt {
  readonly target?: Target;
  readonly body?: readonly Stmt[];
}

export interface Model {
  /** Each choice input's number of values (input `c<i>` has values `v0`…). */
  readonly choices: readonly number[];
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
  /** Declare choice inputs and put `match`es among the statements. */
  readonly matches?: boolean;
}

/** Models of random flows. Every statement and option is a fresh object: printers and oracles key maps by identity. */
export function randomModel(shape: ModelShape): fc.Arbitrary<Model> {
  const saysFirst = shape.saysFirst ?? false;
  // Fresh objects (not fc.constant) each time.
  const say = () => fc.constant(null).map((): Stmt => ({ k: "say" }));
  const withSay = (list: Stmt[]): Stmt[] => (saysFirst ? [{ k: "say" }, ...list] : list);
  const choiceCounts = shape.matches
    ? fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 })
    : fc.constant([] as number[]);
  return fc.record({ nodeCount: fc.integer({ min: 0, max: shape.maxNodes }), choices: choiceCounts }).chain(({ nodeCount, choices }) => {
    const target = fc.integer({ min: -1, max: nodeCount - 1 });
    // A match: an input, and for each of its values the case it goes to (-1: the `else`).
    const matchOf = (option: fc.Arbitrary<Opt>): fc.Arbitrary<Stmt> =>
      fc.integer({ min: 0, max: Math.max(0, choices.length - 1) }).chain((input) => {
        const n = choices[input]!;
        return fc
          .record({
            groups: fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: n, maxLength: n }),
            branches: fc.array(option, { minLength: n + 1, maxLength: n + 1 }),
          })
          .map(({ groups, branches }): Stmt => {
            const order: number[] = [];
            for (const g of groups) if (g >= 0 && !order.includes(g)) order.push(g);
            const cases: Branch[] = order.map((g, i) => ({
              ...branches[i]!,
              values: groups.flatMap((x, v) => (x === g ? [v] : [])),
            }));
            // Every value in the else, and no case at all: give the first value a case.
            if (cases.length === 0) return { k: "match", input, cases: [{ ...branches[0]!, values: [0] }], ...(n > 1 ? { else: { ...branches[n]! } } : {}) };
            return groups.includes(-1) ? { k: "match", input, cases, else: { ...branches[n]! } } : { k: "match", input, cases };
          });
      });
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
        ...(choices.length > 0 ? [matchOf(tie("option"))] : []),
      ),
      option: fc.oneof(
        { depthIdentifier: "flow" },
        fc.constant(null).map((): Opt => ({})),
        target.map((t): Opt => ({ target: t })),
        tie("list").map((body): Opt => ({ body: withSay(body) })),
      ),
    }));
    return fc.record({
      choices: fc.constant(choices),
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
  /** Each case's and `else`'s line. */
  readonly branchLine: Map<Opt, number>;
  /** Each match's line. */
  readonly matchLine: Map<Stmt, number>;
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
  model.choices.forEach((n, i) => {
    lines.push(`input c${i} { ${Array.from({ length: n }, (_, v) => `value v${v}`).join(" ")} }`);
  });
  const branchLine = new Map<Opt, number>();
  const matchLine = new Map<Stmt, number>();
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
    | { readonly line: string; readonly option?: Opt; readonly branch?: Opt };
  const printList = (list: readonly Stmt[], scope: string, indent: string) => {
    let asksInScope = 0;
    const jobs: Job[] = list.map((stmt) => ({ stmt, indent })).reverse();
    while (jobs.length > 0) {
      const job = jobs.pop()!;
      if ("line" in job) {
        if (job.option) optionLine.set(job.option, lines.length + 1);
        if (job.branch) branchLine.set(job.branch, lines.length + 1);
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
      } else if (s.k === "match") {
        matchLine.set(s, lines.length + 1);
        lines.push(`${pad}match c${s.input} {`);
        const inner: Job[] = [];
        const branch = (head: string, b: Opt) => {
          if (b.target !== undefined) inner.push({ line: `${head} -> ${name(b.target)}`, branch: b });
          else if (b.body !== undefined && b.body.length > 0) {
            inner.push({ line: `${head} {`, branch: b });
            for (const x of b.body) inner.push({ stmt: x, indent: `${pad}    ` });
            inner.push({ line: `${pad}  }` });
          } else inner.push({ line: `${head} { }`, branch: b });
        };
        for (const c of s.cases) branch(`${pad}  case ${c.values.map((v) => `v${v}`).join(", ")}`, c);
        if (s.else !== undefined) branch(`${pad}  else`, s.else);
        inner.push({ line: `${pad}}` });
        jobs.push(...inner.reverse());
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
    branchLine,
    matchLine,
  };
}
