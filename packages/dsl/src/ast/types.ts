import type { Span } from "../diagnostics.js";

/**
 * The typed AST. Every node carries a span. The builder is defensive about
 * recovered input: a required part the parser could not find is synthesised
 * with `missing: true` and a zero-width span where it should have been, so
 * later stages never meet `undefined` where the grammar promises a value.
 */

export interface Identifier {
  readonly kind: "Identifier";
  readonly name: string;
  readonly span: Span;
  /** True when recovery synthesised it (name is ""). */
  readonly missing?: boolean;
}

export interface LiteralPart {
  readonly kind: "Literal";
  /** The text with escapes decoded. */
  readonly value: string;
  readonly span: Span;
}

export interface PlaceholderPart {
  readonly kind: "Placeholder";
  /** The input name between the braces. */
  readonly name: string;
  /** Span of `{name}` including the braces. */
  readonly span: Span;
}

export type TextPart = LiteralPart | PlaceholderPart;

export interface Text {
  readonly kind: "Text";
  /** Literal runs and placeholders, in order; adjacent literals are merged. */
  readonly parts: readonly TextPart[];
  /**
   * The text as the author wrote it between the quotes, escapes decoded but
   * placeholders left as `{name}` and `\{` `\}` kept escaped — this is what an
   * option key is when the option has no id.
   */
  readonly raw: string;
  /** True for a `"""` block string. */
  readonly triple: boolean;
  readonly span: Span;
  readonly missing?: boolean;
}

export interface FlowHeader {
  readonly kind: "FlowHeader";
  readonly id: Identifier;
  readonly title: Text | null;
  readonly span: Span;
}

/** One value a choice input can take: `value id "label"`. */
export interface ValueDecl {
  readonly kind: "Value";
  readonly id: Identifier;
  readonly label: Text | null;
  readonly span: Span;
}

export interface InputDecl {
  readonly kind: "Input";
  readonly id: Identifier;
  readonly label: Text | null;
  /** The values of a choice input (`{ value … }`); null for a text input (no braces). */
  readonly values: readonly ValueDecl[] | null;
  readonly span: Span;
}

export interface NodeDecl {
  readonly kind: "Node";
  readonly id: Identifier;
  readonly body: readonly Statement[];
  readonly span: Span;
}

export interface SayStatement {
  readonly kind: "Say";
  readonly text: Text;
  readonly span: Span;
}
export interface NoteStatement {
  readonly kind: "Note";
  readonly text: Text;
  readonly span: Span;
}
export interface TodoStatement {
  readonly kind: "Todo";
  readonly text: Text;
  readonly span: Span;
}

export type Priority = "low" | "normal" | "high" | "urgent";

export interface QueueProp {
  readonly kind: "Queue";
  readonly text: Text;
  readonly span: Span;
}
export interface PriorityProp {
  readonly kind: "Priority";
  readonly value: Priority;
  readonly span: Span;
}
export interface FieldProp {
  readonly kind: "Field" | "Attach";
  readonly id: Identifier;
  readonly label: Text;
  readonly required: boolean;
  readonly span: Span;
}
export type TicketProp = QueueProp | PriorityProp | FieldProp;

export interface TicketStatement {
  readonly kind: "Ticket";
  readonly id: Identifier | null;
  readonly title: Text;
  /** Null when the ticket has no `{ ... }` block. */
  readonly props: readonly TicketProp[] | null;
  readonly span: Span;
}

export interface Target {
  readonly kind: "Target";
  /** A node id, or "start" for the entry. */
  readonly name: string;
  readonly isStart: boolean;
  readonly span: Span;
  readonly missing?: boolean;
}

export interface OptionDecl {
  readonly kind: "Option";
  readonly id: Identifier | null;
  readonly label: Text;
  /** `-> target`, or null. */
  readonly target: Target | null;
  /** `{ ... }` body, or null. At most one of target/body is set. */
  readonly body: readonly Statement[] | null;
  readonly span: Span;
}

export interface AskStatement {
  readonly kind: "Ask";
  readonly id: Identifier | null;
  readonly text: Text;
  readonly options: readonly OptionDecl[];
  readonly span: Span;
}

export interface GotoStatement {
  readonly kind: "Goto";
  readonly target: Target;
  readonly span: Span;
}

/** `case a, b -> target` or `case a, b { … }`: at most one of target/body is set. */
export interface CaseDecl {
  readonly kind: "Case";
  readonly values: readonly Identifier[];
  readonly target: Target | null;
  readonly body: readonly Statement[] | null;
  readonly span: Span;
}

/** `else -> target` or `else { … }`: the branch of every value no case names. */
export interface ElseDecl {
  readonly kind: "Else";
  readonly target: Target | null;
  readonly body: readonly Statement[] | null;
  readonly span: Span;
}

/** `match input { case … else … }`: takes the branch of the input's value at once, without waiting. */
export interface MatchStatement {
  readonly kind: "Match";
  readonly input: Identifier;
  readonly cases: readonly CaseDecl[];
  readonly else: ElseDecl | null;
  readonly span: Span;
}

export interface EndStatement {
  readonly kind: "End";
  readonly span: Span;
}

export type Statement =
  | SayStatement
  | NoteStatement
  | TodoStatement
  | TicketStatement
  | AskStatement
  | GotoStatement
  | EndStatement
  | MatchStatement;

export interface Comment {
  readonly kind: "Comment";
  /** `//` line comment or `/* *\/` block comment. */
  readonly style: "line" | "block";
  /** The comment exactly as written, delimiters included. */
  readonly value: string;
  readonly span: Span;
}

/**
 * A stretch of text the parser could not read (a broken line, with the
 * block it opened). The checks stay quiet about the names it mentions: the
 * author may have declared or used them there.
 */
export interface SkippedRegion {
  readonly span: Span;
  /** The words and `{placeholder}` names in it. */
  readonly names: readonly string[];
}

export interface FlowFile {
  readonly kind: "File";
  /** Null only when the file does not even start with `flow`. */
  readonly header: FlowHeader | null;
  readonly inputs: readonly InputDecl[];
  /** The top-level statements: the entry, addressed as `start`. */
  readonly entry: readonly Statement[];
  readonly nodes: readonly NodeDecl[];
  /** Every comment in the file, in source order (for the formatter). */
  readonly comments: readonly Comment[];
  /** What the parser skipped to recover from syntax errors (absent when nothing was). */
  readonly skipped?: readonly SkippedRegion[];
  readonly span: Span;
}
