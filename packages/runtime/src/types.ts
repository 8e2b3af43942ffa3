/**
 * The values a host app sees. Type parameters are plain literal unions taken
 * from a generated module (`A` maps each ask id to its option keys), so even a
 * 1,000-ask flow typechecks fast; untyped flows get `string` everywhere.
 */
import type { AskMap, Priority } from "./definition.js";

export type { AskMap };

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

export interface Result {
  readonly status: "asking" | "done";
  readonly path: readonly PathStep[];
  readonly outputs: readonly Output[];
  /** The texts of the `say` outputs: what the customer was told. */
  readonly says: readonly string[];
  readonly tickets: readonly TicketOutput[];
  /** Outputs with each answered ask between them, in order. */
  readonly transcript: readonly (Output | AnsweredAsk)[];
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

/** What serialize() returns: JSON-safe, small, enough to rebuild the session. */
export interface SerializedSession {
  readonly v: 2;
  readonly flow: string;
  readonly hash: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly choices: readonly SavedChoice[];
}

/** restore()'s options. */
export interface RestoreOptions<I extends string = string> {
  /**
   * Values for inputs the saved session does not have (the flow gained an
   * input since it was saved). The saved values win over these.
   */
  readonly inputs?: Readonly<Partial<Record<I, string>>>;
}

/**
 * The inputs argument of start(): required and exact for a typed flow with
 * inputs, absent for a typed flow without, optional for an untyped flow.
 */
export type InputsArg<I extends string> = string extends I
  ? [inputs?: Readonly<Record<string, string>>]
  : [I] extends [never]
    ? []
    : [inputs: Readonly<Record<I, string>>];
