import type { FlowGraph, GraphNext } from "../check/index.js";

/**
 * Where each block really leads once empty pass-through blocks (an empty node,
 * the code after an ask that is only a jump) are skipped: the block itself
 * when it has outputs, else wherever its `next` resolves to. The diagram and
 * the paths only show blocks that say or do something.
 *
 * With `keepStartJumps`, a `-> start` jump is not followed: it resolves to
 * itself (a `block` next at the entry with a non-null `via`), so the diagram
 * can draw it as an edge back to the start node. Every other result that is a
 * `block` has `via: null`.
 *
 * Chains are followed iteratively (100,000-long jump chains are fine) and each
 * block is resolved once. An empty block on a cycle of empty blocks (an endless
 * jump loop, which the checker reports as `no-exit`) resolves to itself so the
 * loop stays visible.
 */
export function resolveEmptyBlocks(graph: FlowGraph, keepStartJumps: boolean): GraphNext[] {
  const n = graph.blocks.length;
  const entry = graph.entry.kind === "block" ? graph.entry.block : -1;
  const resolved = new Array<GraphNext | undefined>(n);
  const onPath = new Uint8Array(n);
  const isStartJump = (next: GraphNext): boolean =>
    keepStartJumps && next.kind === "block" && next.block === entry && next.via !== null;
  const path: number[] = []; // the chain being followed, reused from block to block
  for (let b = 0; b < n; b++) {
    if (resolved[b] !== undefined) continue;
    path.length = 0;
    let x = b;
    let result: GraphNext;
    for (;;) {
      const known = resolved[x];
      if (known !== undefined) {
        result = known;
        break;
      }
      const block = graph.blocks[x]!;
      if (block.outputs.length > 0 || onPath[x]) {
        result = { kind: "block", block: x, via: null };
        resolved[x] = result;
        break;
      }
      onPath[x] = 1;
      path.push(x);
      if (block.next.kind !== "block" || isStartJump(block.next)) {
        result = block.next;
        break;
      }
      x = block.next.block;
    }
    for (const y of path) {
      if (resolved[y] === undefined) resolved[y] = result;
      onPath[y] = 0;
    }
  }
  return resolved as GraphNext[];
}

/** `next` with empty blocks skipped (see resolveEmptyBlocks). */
export function resolveNext(
  resolved: readonly GraphNext[],
  graph: FlowGraph,
  next: GraphNext,
  keepStartJumps: boolean,
): GraphNext {
  if (next.kind !== "block") return next;
  if (
    keepStartJumps &&
    next.via !== null &&
    graph.entry.kind === "block" &&
    next.block === graph.entry.block
  ) {
    return next;
  }
  return resolved[next.block]!;
}
