import type { Span } from "../diagnostics.js";
import type { FlowGraph, GraphNext } from "./graph.js";

/**
 * What a step does: starting somewhere, run blocks until the flow waits at an
 * ask, reaches a match (which the flow checks branch on), finishes, reaches a
 * jump to nowhere ("unknown"), or goes round a cycle of jumps forever ("loop"). Also whether it emitted any output, any `say`,
 * and whether it ran through code with a syntax error in it.
 *
 * Each block's result is computed once (blocks form chains: each has one
 * `next`), walking chains iteratively, so all steps of a flow together cost
 * time linear in the number of blocks even when they share long jump chains.
 */
export type StepEnd =
  | { readonly kind: "ask"; readonly ask: number }
  | { readonly kind: "match"; readonly match: number }
  | { readonly kind: "finish" }
  | { readonly kind: "unknown" }
  | { readonly kind: "loop"; readonly cycle: number };

export interface StepResult {
  readonly end: StepEnd;
  readonly output: boolean;
  readonly say: boolean;
  readonly tainted: boolean;
}

export interface Cycle {
  /** The blocks of the cycle, in running order, starting where it was entered. */
  readonly blocks: readonly number[];
  /** The jump of the cycle that comes first in the file (where it is reported). */
  readonly jump: Span;
}

const FINISH: StepResult = { end: { kind: "finish" }, output: false, say: false, tainted: false };
const UNKNOWN: StepResult = { end: { kind: "unknown" }, output: false, say: false, tainted: false };

export class Steps {
  private readonly memo: (StepResult | undefined)[];
  private readonly onPath: Int32Array;
  /** "Wait at ask k" results, made once per ask: option steps mostly end like this. */
  private readonly atAsk: (StepResult | undefined)[] = [];
  /** "Branch at match k" results, made once per match. */
  private readonly atMatch: (StepResult | undefined)[] = [];
  /** Blocks that some step has run (reachable code). */
  readonly visited: Uint8Array;
  readonly cycles: Cycle[] = [];
  /** The chain being run, reused by every call (runBlock never re-enters itself). */
  private readonly path: number[] = [];

  constructor(private readonly graph: FlowGraph) {
    this.memo = new Array<StepResult | undefined>(graph.blocks.length);
    this.onPath = new Int32Array(graph.blocks.length).fill(-1);
    this.visited = new Uint8Array(graph.blocks.length);
  }

  run(next: GraphNext): StepResult {
    switch (next.kind) {
      case "ask":
        return (this.atAsk[next.ask] ??= {
          end: { kind: "ask", ask: next.ask },
          output: false,
          say: false,
          tainted: false,
        });
      case "match":
        return (this.atMatch[next.match] ??= {
          end: { kind: "match", match: next.match },
          output: false,
          say: false,
          tainted: false,
        });
      case "end":
        return FINISH;
      case "unknown":
        return UNKNOWN;
      case "block":
        return this.runBlock(next.block);
    }
  }

  private runBlock(start: number): StepResult {
    // Most steps reach a block already run: answer before allocating anything.
    const memoized = this.memo[start];
    if (memoized !== undefined) return memoized;
    const { blocks } = this.graph;
    const path = this.path;
    path.length = 0;
    let result: StepResult | undefined;
    let cycleStart = -1;
    let b = start;
    for (;;) {
      const known = this.memo[b];
      if (known !== undefined) {
        result = known;
        break;
      }
      if (this.onPath[b]! >= 0) {
        cycleStart = this.onPath[b]!;
        break;
      }
      this.onPath[b] = path.length;
      this.visited[b] = 1;
      path.push(b);
      const next = blocks[b]!.next;
      if (next.kind !== "block") {
        result = this.run(next);
        break;
      }
      b = next.block;
    }
    let k = path.length - 1;
    if (cycleStart >= 0) {
      const members = path.slice(cycleStart);
      let tainted = false;
      let jump: Span | null = null;
      for (const m of members) {
        const block = blocks[m]!;
        tainted ||= block.tainted;
        const next = block.next;
        if (
          next.kind === "block" &&
          next.via !== null &&
          (jump === null || next.via.start < jump.start)
        ) {
          jump = next.via;
        }
      }
      this.cycles.push({
        blocks: members,
        jump: jump ?? { start: blocks[members[0]!]!.pos, end: blocks[members[0]!]!.pos },
      });
      result = {
        end: { kind: "loop", cycle: this.cycles.length - 1 },
        output: false,
        say: false,
        tainted,
      };
      for (; k >= cycleStart; k--) {
        this.memo[path[k]!] = result;
        this.onPath[path[k]!] = -1;
      }
    }
    for (; k >= 0; k--) {
      const m = path[k]!;
      const block = blocks[m]!;
      let output = result!.output;
      let say = result!.say;
      if (block.outputs.length > 0) {
        output = true;
        // A todo stands for content not written yet — usually the very script the
        // customer is missing — so the todo warning already covers that step.
        if (!say) say = block.outputs.some((o) => o.kind === "Say" || o.kind === "Todo");
      }
      const tainted = result!.tainted || block.tainted;
      if (output !== result!.output || say !== result!.say || tainted !== result!.tainted) {
        result = { end: result!.end, output, say, tainted };
      }
      this.memo[m] = result;
      this.onPath[m] = -1;
    }
    return result!;
  }
}
