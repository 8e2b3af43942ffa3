import type { FlowGraph, GraphNext } from "../index.js";

/**
 * The shortest choices that reach each ask from start(): a breadth-first
 * search over asks, like the checker's "reached by" paths. Returns, per ask
 * index of the graph, the path as [first ask's id, option key, …] (just
 * [id] for an ask that start() reaches by itself), or null when no choice
 * reaches it.
 */
export function shortestChoices(graph: FlowGraph): (readonly string[] | null)[] {
  const parentAsk = new Int32Array(graph.asks.length).fill(-2);
  const parentOption = new Int32Array(graph.asks.length).fill(-1);
  const queue: number[] = [];
  const first = askAfter(graph, graph.entry);
  if (first >= 0) {
    parentAsk[first] = -1;
    queue.push(first);
  }
  for (let q = 0; q < queue.length; q++) {
    const a = queue[q]!;
    const options = graph.asks[a]!.options;
    for (let o = 0; o < options.length; o++) {
      const next = askAfter(graph, options[o]!.next);
      if (next >= 0 && parentAsk[next] === -2) {
        parentAsk[next] = a;
        parentOption[next] = o;
        queue.push(next);
      }
    }
  }
  return graph.asks.map((_, index) => {
    if (parentAsk[index] === -2) return null;
    const keys: string[] = [];
    let a = index;
    while (parentAsk[a]! >= 0) {
      const p = parentAsk[a]!;
      keys.push(graph.asks[p]!.options[parentOption[a]!]!.key);
      a = p;
    }
    keys.push(graph.asks[a]!.id);
    return keys.reverse();
  });
}

/** The ask a `next` stops at after running blocks (-1: the flow finishes or the target is unknown). */
function askAfter(graph: FlowGraph, next: GraphNext): number {
  let n = next;
  // Jumps between blocks can loop without an ask (a `no-exit`): stop after visiting every block once.
  for (let steps = 0; steps <= graph.blocks.length; steps++) {
    if (n.kind === "ask") return n.ask;
    if (n.kind !== "block") return -1;
    const block = graph.blocks[n.block];
    if (block === undefined) return -1;
    n = block.next;
  }
  return -1;
}
