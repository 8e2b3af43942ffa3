import type { AskStatement, FlowFile, OptionDecl, Statement, Target } from "../ast/types.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import type { FlowGraph, GraphAsk, GraphBlock, GraphNext, GraphOutput } from "./graph.js";
import type { NameTables } from "./names.js";
import type { Taint } from "./taint.js";
import { optionKey, statementHead } from "./walk.js";

/**
 * AST → flow graph. Each statement list (the entry, a node body, an option
 * body) becomes a chain of blocks; an `ask` ends a block and the code after
 * it becomes a new block that every falling-through option shares. Lists are
 * lowered from a work stack, never by recursion, and each node once: a jump
 * points at the node's entry block.
 *
 * Code that can never run (after `-> x`, `end`, or an ask none of whose
 * options falls through) is reported as `unreachable-code` and not lowered.
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

/** A `next` that points at a block or an ask: renumbered in place once lowering is done. */
type Link = { kind: "block"; block: number; via: Span | null } | { kind: "ask"; ask: number };

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
  private readonly jobs: Job[] = [];
  private readonly links: Link[] = [];
  /** Each node's entry block, made up front: a jump may lead to a node not lowered yet. */
  private readonly nodeBlocks: number[] = [];
  private readonly entryBlock: number;
  /** Whether each ask can fall through to the statement after it. */
  private readonly falls: ReadonlyMap<AskStatement, boolean>;

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
    this.falls = fallThroughs(names.asks, taint);
  }

  /** Lowers the entry, then each node; returns the graph, blocks and asks numbered in source order. */
  run(file: FlowFile): FlowGraph {
    this.lowerList(file.entry, this.entryBlock);
    file.nodes.forEach((node, i) => this.lowerList(node.body, this.nodeBlocks[i]!));
    return inSourceOrder(
      this.blocks,
      this.asks,
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
        default: {
          // A new statement kind must say here whether it is an output or moves the flow.
          const unhandled: never = stmt;
          throw new Error(`lowering: unhandled statement ${(unhandled as { kind: string }).kind}`);
        }
      }
    }
    // `i` is one past the statement that ended the block, or the list's end.
    const outputsEnd = next === null ? i : i - 1;
    if (outputsEnd > job.from) block.outputs = list.slice(job.from, outputsEnd) as GraphOutput[];
    block.next = next ?? job.cont;
  }

  /** The ask at `list[i]` of `job`: its options, and the code after it. Returns the link to it. */
  private ask(stmt: AskStatement, job: Job, i: number): GraphNext {
    const { jobs, taint } = this;
    const { list, node, tainted } = job;
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
    // The code after the ask, shared by every option that falls through.
    let rest: GraphNext = job.cont;
    if (i + 1 < list.length) {
      if (this.falls.get(stmt) === true) {
        const r = this.newBlock(node, list[i + 1]!.span.start, tainted);
        jobs.push({ list, from: i + 1, block: r, cont: job.cont, node, tainted });
        rest = this.toBlock(r, null);
      } else {
        reportAfterAsk(list, i, this.out);
      }
    } else if (tainted) {
      // Recovery may have lost statements after the ask: falling through here
      // must count as running through broken code, not as a clean finish.
      const r = this.newBlock(node, stmt.span.end, true);
      this.blocks[r]!.next = job.cont;
      rest = this.toBlock(r, null);
    }
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
 * Whether each ask can fall through to the statement after it: some option
 * has neither target nor body, or a body that can run to its end. Computed
 * inner asks first (reverse source order, since `asks` lists an ask before
 * the asks in its options), so no recursion. An ask with a syntax error inside
 * counts as falling through, so that nothing after it is called unreachable
 * on the strength of options that may have been lost.
 */
function fallThroughs(asks: readonly AskStatement[], taint: Taint): Map<AskStatement, boolean> {
  const falls = new Map<AskStatement, boolean>();
  const completes = (list: readonly Statement[]): boolean => {
    for (const stmt of list) {
      if (stmt.kind === "Goto" || stmt.kind === "End") return false;
      if (stmt.kind === "Ask" && !falls.get(stmt)) return false;
    }
    return true;
  };
  for (let k = asks.length - 1; k >= 0; k--) {
    const ask = asks[k]!;
    let result = isTainted(ask, taint);
    for (const option of ask.options) {
      if (result) break;
      if (option.target === null && (option.body === null || completes(option.body))) result = true;
    }
    falls.set(ask, result);
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

function reportAfterAsk(list: readonly Statement[], i: number, out: Diagnostic[]): void {
  const stmt = list[i + 1]!;
  const ask = list[i]! as AskStatement;
  out.push(
    diagnostic(
      "unreachable-code",
      "This can never run: every option of the question above goes somewhere else, so the flow never continues after it.",
      statementHead(stmt),
      {
        related: [{ message: "the question", span: statementHead(ask) }],
        hint: "move it into an option, or let an option continue here by giving it no `->` target",
      },
    ),
  );
}

/** Renumber blocks and asks in source order, so the graph and the definition are stable. */
function inSourceOrder(
  blocks: MutableBlock[],
  asks: MutableAsk[],
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
  // Every record is reused as it is: each link is renumbered once, in place,
  // whether one block, several options or none point at it.
  for (const link of links) {
    if (link.kind === "block") link.block = blockIndex[link.block]!;
    else link.ask = askIndex[link.ask]!;
  }
  const outBlocks = Array.from(blockOrder, (old) => blocks[old]!) as GraphBlock[];
  const outAsks: GraphAsk[] = Array.from(askOrder, (old) => asks[old]!);
  const nodes = new Map<string, number>();
  names.nodes.forEach((index, name) => nodes.set(name, blockIndex[nodeBlocks[index]!]!));
  return {
    entry: { kind: "block", block: blockIndex[entryBlock]!, via: null },
    blocks: outBlocks,
    asks: outAsks,
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
