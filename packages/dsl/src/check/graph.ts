import type {
  AskStatement,
  CaseDecl,
  ElseDecl,
  EndStatement,
  MatchStatement,
  NoteStatement,
  OptionDecl,
  SayStatement,
  Target,
  TicketStatement,
  TodoStatement,
} from "../ast/types.js";
import type { Span } from "../diagnostics.js";

/**
 * The flow graph: the compiled definition's core (blocks of outputs with a
 * `next`, asks whose options have a `next`) with the AST kept alongside, so the
 * checks can point at source positions and the emitter can build the exact
 * FlowDefinition. Blocks and asks are numbered in source order.
 *
 * A node's code is lowered once: every jump to the node points at the same
 * entry block, so the graph is linear in the size of the file.
 */

/** A statement that emits an output and goes on. */
export type GraphOutput = SayStatement | NoteStatement | TodoStatement | TicketStatement;

export type GraphNext =
  /** Continue with a block. `via` is the `-> x` that jumps there, when it is a jump. */
  | { readonly kind: "block"; readonly block: number; readonly via: Span | null }
  /** Stop at an ask and wait for a choice. */
  | { readonly kind: "ask"; readonly ask: number }
  /** Take the branch of a match for the input's value, at once. */
  | { readonly kind: "match"; readonly match: number }
  /** Finish the flow: an `end` statement, or running off the end of a node / the entry (null). */
  | { readonly kind: "end"; readonly statement: EndStatement | null }
  /**
   * A jump whose target does not exist or was lost to a syntax error. It is
   * reported by name checks; the flow checks treat it as "unknown" and stay quiet.
   */
  | { readonly kind: "unknown"; readonly target: Target };

export interface GraphBlock {
  readonly outputs: readonly GraphOutput[];
  readonly next: GraphNext;
  /** The node that holds this code: its id, `start` for the entry, "" when the id was lost. */
  readonly node: string;
  /** Source offset where the block's code begins (for ordering and messages). */
  readonly pos: number;
  /** A syntax error lies in the code this block came from: its flow checks are not trusted. */
  readonly tainted: boolean;
}

export interface GraphOption {
  /** The option's id, or its label exactly as written. */
  readonly key: string;
  readonly decl: OptionDecl;
  readonly next: GraphNext;
}

export interface GraphAsk {
  /** Explicit or derived id (`start`, `node`, `node#2`, …). */
  readonly id: string;
  readonly decl: AskStatement;
  readonly options: readonly GraphOption[];
  /** The node that holds the ask (`start` for the entry). */
  readonly node: string;
  /** A syntax error lies inside this ask: some options may be missing. */
  readonly tainted: boolean;
}

/** A case or the `else` of a match, and where it leads. */
export interface GraphBranch {
  readonly decl: CaseDecl | ElseDecl;
  /** The values that take it: a case's (as written), or for the `else` the input's values no case names. */
  readonly values: readonly string[];
  readonly next: GraphNext;
}

export interface GraphMatch {
  /** The input's name ("" when recovery lost it). */
  readonly input: string;
  readonly decl: MatchStatement;
  /** The cases, in source order. */
  readonly cases: readonly GraphBranch[];
  /** The `else`, or null when there is none. */
  readonly else: GraphBranch | null;
  /** The node that holds the match (`start` for the entry). */
  readonly node: string;
  /**
   * A syntax error lies inside this match, or its input is not a sound
   * choice input: which branch a value takes is not known for sure.
   */
  readonly tainted: boolean;
}

export interface FlowGraph {
  /** Where start() begins: always a block (possibly empty). */
  readonly entry: GraphNext;
  readonly blocks: readonly GraphBlock[];
  readonly asks: readonly GraphAsk[];
  /** Every match, in source order. */
  readonly matches: readonly GraphMatch[];
  /** Node id → its entry block (the first definition when an id is duplicated). */
  readonly nodes: ReadonlyMap<string, number>;
}
