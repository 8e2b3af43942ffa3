import type {
  AskStatement,
  CaseDecl,
  ElseDecl,
  FlowFile,
  MatchStatement,
  OptionDecl,
  Statement,
  Target,
} from "../ast/types.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import type {
  FlowGraph,
  GraphAsk,
  GraphBlock,
  GraphBranch,
  GraphMatch,
  GraphNext,
  GraphOutput,
} from "./graph.js";
import type { NameTables } from "./names.js";
import type { Taint } from "./taint.js";
import { matchHead, optionKey, statementHead } from "./walk.js";

/**
 * AST → flow graph. Each statement list (the entry, a node body, an option
 * or case body) becomes a chain of blocks; an `ask` or a `match` ends a block
 * and the code after it becomes a new block that every falling-through
 * option or case shares. Lists are
 * lowered from a work stack, never by recursion, and each node once: a jump
 * points at the node's entry block.
 *
 * Code that can never run (after `-> x`, `end`, or an ask or match none of
 * whose options or cases falls through) is reported as `unreachable-code`
 * and not lowered.
 */

interface MutableBlock {
  outputs: GraphOutput[];
  next: GraphNext | null;
  node: string;
  pos: number;
  tainted: boolean;
}

interface MutableOption {
  key: string;
  decl: OptionDecl;
  next: GraphNext;
}

interface MutableAsk {
  id: string;
  decl: AskStatement;
  options: MutableOption[];
  node: string;
  tainted: boolean;
}

interface MutableMatch {
  input: string;
  decl: MatchStatement;
  cases: GraphBranch[];
  else: GraphBranch | null;
  node: string;
  tainted: boolean;
}

/** A `next` that points at a block, an ask or a match: renumbered in place once lowering is done. */
type Link =
  | { kind: "block"; block: number; via: Span | null }
  | { kind: "ask"; ask: number }
  | { kind: "match"; match: number };

interface Job {
  readonly list: readonly Statement[];
  readonly from: number;
  readonly block: number;
  /** Where running off the end of this list goes. */
  readonly cont: GraphNext;
  readonly node: string;
  readonly tainted: boolean;
}

/**
 * Lowers the whole file after the names pass (the lowering needs every ask's
 * id): the entry, then each node in order, option bodies included.
 */
export function lower(
  file: FlowFile,
  names: NameTables,
  taint: Taint,
  out: Diagnostic[],
): FlowGraph {
  return new Lowering(file, names, taint, out).run(file);
}

class Lowering {
  private readonly blocks: MutableBlock[] = [];
  private readonly asks: MutableAsk[] = [];
  private readonly matches: MutableMatch[] = [];
  private readonly jobs: Job[] = [];
  private readonly links: Link[] = [];
  /** Each node's entry block, made up front: a jump may lead to a node not lowered yet. */
  private readonly nodeBlocks: number[] = [];
  private readonly entryBlock: number;
  /** Whether each ask and match can fall through to the statement after it. */
  private readonly falls: ReadonlyMap<AskStatement | MatchStatement, boolean>;

  constructor(
    file: FlowFile,
    private readonly names: NameTables,
    private readonly taint: Taint,
    private readonly out: Diagnostic[],
  ) {
    const firstNode = file.nodes[0];
    const entryTainted = firstNode
      ? taint.between(0, firstNode.span.start - 1)
      : taint.between(0, file.span.end);
    const entryPos = file.entry[0]?.span.start ?? file.header?.span.end ?? 0;
    this.entryBlock = this.newBlock("start", entryPos, entryTainted);
    for (const node of file.nodes) {
      const name = node.id.missing ? "" : node.id.name;
      const pos = node.body[0]?.span.start ?? node.span.start;
      this.nodeBlocks.push(this.newBlock(name, pos, taint.within(node.span)));
    }
    this.falls = fallThroughs(names.asks, names.matches, taint);
  }

  /** Lowers the entry, then each node; returns the graph, blocks and asks numbered in source order. */
  run(file: FlowFile): FlowGraph {
    this.lowerList(file.entry, this.entryBlock);
    file.nodes.forEach((node, i) => this.lowerList(node.body, this.nodeBlocks[i]!));
    return inSourceOrder(
      this.blocks,
      this.asks,
      this.matches,
      this.links,
      this.entryBlock,
      this.names,
      this.nodeBlocks,
    );
  }

  /**
   * The statements of the entry or a node into `block` and the blocks after
   * it, and every list they lead to (option bodies, the code after an ask).
   */
  private lowerList(list: readonly Statement[], block: number): void {
    const { node, tainted } = this.blocks[block]!;
    const { jobs } = this;
    jobs.push({ list, from: 0, block, cont: { kind: "end", statement: null }, node, tainted });
    while (jobs.length > 0) this.runJob(jobs.pop()!);
  }

  private newBlock(node: string, pos: number, tainted: boolean): number {
    this.blocks.push({ outputs: [], next: null, node, pos, tainted });
    return this.blocks.length - 1;
  }

  private toBlock(block: number, via: Span | null): GraphNext {
    const link: Link = { kind: "block", block, via };
    this.links.push(link);
    return link;
  }

  private jump(target: Target, via: Span): GraphNext {
    if (target.missing) return { kind: "unknown", target };
    if (target.isStart) return this.toBlock(this.entryBlock, via);
    const index = this.names.nodes.get(target.name);
    if (index === undefined) return { kind: "unknown", target };
    return this.toBlock(this.nodeBlocks[index]!, via);
  }

  /** One statement list from `job.from`, up to what ends its block. */
  private runJob(job: Job): void {
    const { blocks, out } = this;
    const { list } = job;
    const block = blocks[job.block]!;
    let i = job.from;
    let next: GraphNext | null = null;
    for (; i < list.length && next === null; i++) {
      const stmt = list[i]!;
      switch (stmt.kind) {
        case "Say":
        case "Note":
        case "Todo":
        case "Ticket":
          break; // an output: the block's outputs are the run of these (sliced below)
        case "Goto":
          next = this.jump(stmt.target, stmt.span);
          reportAfter(list, i, out, stmt.target.isStart ? "start" : stmt.target.name);
          break;
        case "End":
          next = { kind: "end", statement: stmt };
          reportAfter(list, i, out, null);
          break;
        case "Ask":
          next = this.ask(stmt, job, i);
          break;
        case "Match":
          next = this.match(stmt, job, i);
          break;
      }
    }
    // `i` is one past the statement that ended the block, or the list's end.
    const outputsEnd = next === null ? i : i - 1;
    if (outputsEnd > job.from) block.outputs = list.slice(job.from, outputsEnd) as GraphOutput[];
    block.next = next ?? job.cont;
  }

  /**
   * Where an ask's or a match's `list[i]` falling-through options or cases
   * go: the code after it, as a new block shared by all of them.
   */
  private after(stmt: AskStatement | MatchStatement, job: Job, i: number): GraphNext {
    const { list, node, tainted } = job;
    if (i + 1 < list.length) {
      if (this.falls.get(stmt) === true) {
        const r = this.newBlock(node, list[i + 1]!.span.start, tainted);
        this.jobs.push({ list, from: i + 1, block: r, cont: job.cont, node, tainted });
        return this.toBlock(r, null);
      }
      reportAfterBranching(list, i, this.out);
    } else if (tainted) {
      // Recovery may have lost statements after it: falling through here
      // must count as running through broken code, not as a clean finish.
      const r = this.newBlock(node, stmt.span.end, true);
      this.blocks[r]!.next = job.cont;
      return this.toBlock(r, null);
    }
    return job.cont;
  }

  /** The match at `list[i]` of `job`: its branches, and the code after it. Returns the link to it. */
  private match(stmt: MatchStatement, job: Job, i: number): GraphNext {
    const { taint } = this;
    const { node } = job;
    const input = stmt.input.missing ? "" : stmt.input.name;
    const choice = this.names.choices.get(input);
    const m: MutableMatch = {
      input,
      decl: stmt,
      cases: [],
      else: null,
      node,
      tainted: choice === undefined || taint.within(stmt.span) || taint.within(choice.span),
    };
    this.matches.push(m);
    const link: Link = { kind: "match", match: this.matches.length - 1 };
    this.links.push(link);
    const rest = this.after(stmt, job, i);
    const branchNext = (branch: CaseDecl | ElseDecl): GraphNext => {
      if (branch.target !== null) return this.jump(branch.target, branch.target.span);
      if (branch.body === null || branch.body.length === 0) return rest;
      const bodyTainted = taint.within(branch.span);
      const b = this.newBlock(node, branch.body[0]!.span.start, bodyTainted);
      this.jobs.push({ list: branch.body, from: 0, block: b, cont: rest, node, tainted: bodyTainted });
      return this.toBlock(b, null);
    };
    const named = new Set<string>();
    m.cases = stmt.cases.map((c) => {
      const values = c.values.filter((v) => !v.missing && v.name !== "").map((v) => v.name);
      for (const v of values) named.add(v);
      return { decl: c, values, next: branchNext(c) };
    });
    if (stmt.else !== null) {
      const values = (choice?.values ?? []).filter((v) => !named.has(v));
      m.else = { decl: stmt.else, values, next: branchNext(stmt.else) };
    }
    return link;
  }

  /** The ask at `list[i]` of `job`: its options, and the code after it. Returns the link to it. */
  private ask(stmt: AskStatement, job: Job, i: number): GraphNext {
    const { jobs, taint } = this;
    const { node } = job;
    const a: MutableAsk = {
      id: this.names.askIds.get(stmt) ?? "",
      decl: stmt,
      options: [],
      node,
      tainted: isTainted(stmt, taint),
    };
    this.asks.push(a);
    const link: Link = { kind: "ask", ask: this.asks.length - 1 };
    this.links.push(link);
    const rest = this.after(stmt, job, i);
    const options: MutableOption[] = [];
    for (const option of stmt.options) {
      let optionNext: GraphNext = rest;
      if (option.target !== null) {
        optionNext = this.jump(option.target, option.target.span);
      } else if (option.body !== null && option.body.length > 0) {
        const bodyTainted = taint.within(option.span);
        const b = this.newBlock(node, option.body[0]!.span.start, bodyTainted);
        jobs.push({ list: option.body, from: 0, block: b, cont: rest, node, tainted: bodyTainted });
        optionNext = this.toBlock(b, null);
      }
      options.push({ key: optionKey(option) ?? "", decl: option, next: optionNext });
    }
    a.options = options;
    return link;
  }
}

function isTainted(ask: AskStatement, taint: Taint): boolean {
  return ask.options.length === 0 || taint.within(ask.span);
}

/**
 * Whether each ask (match) can fall through to the statement after it: some
 * option (case, or the `else`) has neither target nor body, or a body that
 * can run to its end. Computed inner ones first (reverse source order: an ask
 * or match comes before the ones in its bodies), so no recursion. One with a
 * syntax error inside counts as falling through, so that nothing after it is
 * called unreachable on the strength of branches that may have been lost.
 */
function fallThroughs(
  asks: readonly AskStatement[],
  matches: readonly MatchStatement[],
  taint: Taint,
): Map<AskStatement | MatchStatement, boolean> {
  const falls = new Map<AskStatement | MatchStatement, boolean>();
  const completes = (list: readonly Statement[]): boolean => {
    for (const stmt of list) {
      if (stmt.kind === "Goto" || stmt.kind === "End") return false;
      if ((stmt.kind === "Ask" || stmt.kind === "Match") && !falls.get(stmt)) return false;
    }
    return true;
  };
  const all: (AskStatement | MatchStatement)[] = [...asks, ...matches].sort((a, b) => a.span.start - b.span.start);
  for (let k = all.length - 1; k >= 0; k--) {
    const stmt = all[k]!;
    const branches: readonly { target: Target | null; body: readonly Statement[] | null }[] =
      stmt.kind === "Ask" ? stmt.options : stmt.else === null ? stmt.cases : [...stmt.cases, stmt.else];
    let result = stmt.kind === "Ask" ? isTainted(stmt, taint) : stmt.cases.length === 0 || taint.within(stmt.span);
    for (const branch of branches) {
      if (result) break;
      if (branch.target === null && (branch.body === null || completes(branch.body))) result = true;
    }
    falls.set(stmt, result);
  }
  return falls;
}

function reportAfter(
  list: readonly Statement[],
  i: number,
  out: Diagnostic[],
  target: string | null,
): void {
  const stmt = list[i + 1];
  if (stmt === undefined) return;
  const why =
    target === null
      ? "the `end` just before it has already finished the flow"
      : `the flow has already jumped to \`${target}\` just before it`;
  out.push(
    diagnostic("unreachable-code", `This can never run: ${why}.`, statementHead(stmt), {
      related: [
        {
          message: target === null ? "the flow ends here" : "the flow leaves here",
          span: list[i]!.span,
        },
      ],
      hint: "move it before the jump, or remove it",
    }),
  );
}

function reportAfterBranching(list: readonly Statement[], i: number, out: Diagnostic[]): void {
  const stmt = list[i + 1]!;
  const before = list[i]! as AskStatement | MatchStatement;
  const diagnosticFor =
    before.kind === "Ask"
      ? diagnostic(
          "unreachable-code",
          "This can never run: every option of the question above goes somewhere else, so the flow never continues after it.",
          statementHead(stmt),
          {
            related: [{ message: "the question", span: statementHead(before) }],
            hint: "move it into an option, or let an option continue here by giving it no `->` target",
          },
        )
      : diagnostic(
          "unreachable-code",
          "This can never run: every case of the match above goes somewhere else, so the flow never continues after it.",
          statementHead(stmt),
          {
            related: [{ message: "the match", span: matchHead(before) }],
            hint: "move it into a case, or let a case continue here by giving it no `->` target",
          },
        );
  out.push(diagnosticFor);
}

/** Renumber blocks and asks in source order, so the graph and the definition are stable. */
function inSourceOrder(
  blocks: MutableBlock[],
  asks: MutableAsk[],
  matches: MutableMatch[],
  links: readonly Link[],
  entryBlock: number,
  names: NameTables,
  nodeBlocks: readonly number[],
): FlowGraph {
  const blockOrder = orderBy(blocks.length, (i) => blocks[i]!.pos);
  const askOrder = orderBy(asks.length, (i) => asks[i]!.decl.span.start);
  const blockIndex = new Int32Array(blocks.length);
  blockOrder.forEach((old, i) => (blockIndex[old] = i));
  const askIndex = new Int32Array(asks.length);
  askOrder.forEach((old, i) => (askIndex[old] = i));
  const matchOrder = orderBy(matches.length, (i) => matches[i]!.decl.span.start);
  const matchIndex = new Int32Array(matches.length);
  matchOrder.forEach((old, i) => (matchIndex[old] = i));
  // Every record is reused as it is: each link is renumbered once, in place,
  // whether one block, several options or none point at it.
  for (const link of links) {
    if (link.kind === "block") link.block = blockIndex[link.block]!;
    else if (link.kind === "ask") link.ask = askIndex[link.ask]!;
    else link.match = matchIndex[link.match]!;
  }
  const outBlocks = Array.from(blockOrder, (old) => blocks[old]!) as GraphBlock[];
  const outAsks: GraphAsk[] = Array.from(askOrder, (old) => asks[old]!);
  const outMatches: GraphMatch[] = Array.from(matchOrder, (old) => matches[old]!);
  const nodes = new Map<string, number>();
  names.nodes.forEach((index, name) => nodes.set(name, blockIndex[nodeBlocks[index]!]!));
  return {
    entry: { kind: "block", block: blockIndex[entryBlock]!, via: null },
    blocks: outBlocks,
    asks: outAsks,
    matches: outMatches,
    nodes,
  };
}

/** The indices 0..n-1 ordered by position (a source offset), ties by index. */
function orderBy(n: number, positionOf: (i: number) => number): Int32Array {
  const positions = new Float64Array(n);
  for (let i = 0; i < n; i++) positions[i] = positionOf(i);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => positions[a]! - positions[b]! || a - b);
}
