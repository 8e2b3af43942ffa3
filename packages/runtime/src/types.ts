/**
 * The values a host app sees. Type parameters are plain literal unions taken
 * from a generated module (`A` maps each ask id to its option keys), so even a
 * 1,000-ask flow typechecks fast; untyped flows get `string` everywhere.
 */
import type { AskMap, InputMap, Priority } from "./definition.js";

export type { AskMap, InputMap };

export interface TextOutput {
  readonly kind: "say" | "note" | "todo";
  /** Placeholders already filled in. */
  readonly text: string;
}

export interface TicketField {
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
}

export interface TicketOutput {
  readonly kind: "ticket";
  /** The ticket's id, or null when the flow did not name it. */
  readonly id: string | null;
  readonly title: string;
  readonly queue?: string;
  readonly priority?: Priority;
  readonly fields: readonly TicketField[];
  readonly attachments: readonly TicketField[];
}

export type Output = TextOutput | TicketOutput;

export interface OptionView<K extends string = string> {
  readonly key: K;
  readonly text: string;
}

export interface AskView<
  Id extends string = string,
  K extends string = string,
> {
  readonly id: Id;
  readonly text: string;
  readonly options: readonly OptionView<K>[];
}

type Ids<A extends AskMap> = keyof A & string;

/** One choice made so far: the ask id and the chosen option's key. */
export interface PathStep {
  readonly ask: string;
  readonly option: string;
}

// Plain strings in `path` keep a typed session assignable to an untyped one
// (`Session<Asks>` to `Session`), which an ask-id-typed path would prevent.
interface SessionBase {
  /** Everything emitted so far, in order. */
  readonly outputs: readonly Output[];
  /** The choices so far. */
  readonly path: readonly PathStep[];
}

/** Waiting at the ask `Id`. */
export interface AskingSession<
  A extends AskMap = AskMap,
  Id extends Ids<A> = Ids<A>,
> extends SessionBase {
  readonly status: "asking";
  /**
   * The same as `ask.id`, at the top level because TypeScript narrows a union
   * only by its own properties: `if (s.askId === "situation")` narrows the keys
   * that choose() accepts; `s.ask.id` would not.
   */
  readonly askId: Id;
  readonly ask: AskView<Id, A[Id]>;
}

// `A` is unused but kept, so back() and restart() infer the flow's types from it.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface DoneSession<A extends AskMap = AskMap> extends SessionBase {
  readonly status: "done";
  readonly askId: null;
  readonly ask: null;
}

/** A session: one `AskingSession` per ask id (narrow with `askId`), or done. */
export type Session<A extends AskMap = AskMap> =
  { [Id in Ids<A>]: AskingSession<A, Id> }[Ids<A>] | DoneSession<A>;

/** Any session of a flow (what back/restart/result/serialize accept). */
export type AnySession<A extends AskMap = AskMap> =
  AskingSession<A> | DoneSession<A>;

/** An answered ask in a transcript. */
export interface AnsweredAsk {
  readonly kind: "ask";
  readonly id: string;
  readonly text: string;
  /** The chosen option's key. */
  readonly option: string;
  /** The chosen option's label. */
  readonly answer: string;
}

/**
 * A match the flow passed, in a transcript: the input it branched on, that
 * input's value and its label, and the case taken — the values that case
 * lists, or null for the `else`.
 */
export interface MatchedCase {
  readonly kind: "match";
  readonly input: string;
  /** The input's value (a value id). */
  readonly value: string;
  /** The value's label (its id when it has none), as a `{placeholder}` shows it. */
  readonly label: string;
  /** The values the case taken lists; null when the value had no case and the `else` was taken. */
  readonly case: readonly string[] | null;
}

export interface Result {
  readonly status: "asking" | "done";
  readonly path: readonly PathStep[];
  readonly outputs: readonly Output[];
  /** The texts of the `say` outputs: what the customer was told. */
  readonly says: readonly string[];
  readonly tickets: readonly TicketOutput[];
  /** Outputs with each answered ask and each match passed between them, in order. */
  readonly transcript: readonly (Output | AnsweredAsk | MatchedCase)[];
}

/**
 * One saved choice: the question's id and the chosen option's key, and for a
 * question without an id of its own (whose id is its place in the flow) the
 * question's text, so that restore() can tell when another question took
 * that place.
 */
export type SavedChoice =
  | readonly [askId: string, key: string]
  | readonly [askId: string, key: string, askText: string];

/**
 * One match passed: the input it branched on, then the values listed by the
 * case taken (none for the `else`), so that restore() can tell when the flow
 * now takes another case for the same value.
 */
export type SavedCase = readonly [input: string, ...caseValues: string[]];

/** What serialize() returns: JSON-safe, small, enough to rebuild the session. */
export interface SerializedSession {
  readonly v: 2;
  readonly flow: string;
  readonly hash: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly choices: readonly SavedChoice[];
  /** The matches passed, in order; left out when there were none. */
  readonly cases?: readonly SavedCase[];
}

/** restore()'s options. */
export interface RestoreOptions<I extends InputMap = InputMap> {
  /**
   * Values for inputs the saved session does not have (the flow gained an
   * input since it was saved). The saved values win over these.
   */
  readonly inputs?: Readonly<Partial<I>>;
}

/**
 * The inputs argument of start(): required and exact for a typed flow with
 * inputs (a choice input takes one of its value ids), absent for a typed flow
 * without, optional for an untyped flow.
 */
export type InputsArg<I extends InputMap> = string extends keyof I
  ? [inputs?: InputMap]
  : [keyof I] extends [never]
    ? []
    : [inputs: Readonly<I>];
