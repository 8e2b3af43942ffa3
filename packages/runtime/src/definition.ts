/**
 * The compiled definition: the only contract between the compiler and the
 * runtime. Plain JSON (no functions, no undefined, no cycles through objects:
 * references are array indices), documented in docs/definition.md with a
 * JSON Schema in docs/definition.schema.json.
 */

export const DEFINITION_FORMAT = "flowc-definition";
export const DEFINITION_VERSION = 3;

/** A text: a plain string, or literal runs and `{ input }` placeholders to fill at run time. */
export type TextTemplate =
  string | readonly (string | { readonly input: string })[];

export type Priority = "low" | "normal" | "high" | "urgent";

export interface FieldDef {
  readonly id: string;
  readonly label: TextTemplate;
  readonly required: boolean;
}

export type OutputDef =
  | { readonly kind: "say" | "note" | "todo"; readonly text: TextTemplate }
  | {
      readonly kind: "ticket";
      readonly id: string | null;
      readonly title: TextTemplate;
      readonly queue?: TextTemplate;
      readonly priority?: Priority;
      readonly fields: readonly FieldDef[];
      readonly attachments: readonly FieldDef[];
    };

/**
 * Where execution goes next. `block` continues with another block's outputs
 * (a jump, or the code after an ask); `ask` stops and waits; `match` goes on
 * at once with the case of an input's value; `end` finishes.
 */
export type NextDef =
  | { readonly block: number }
  | { readonly ask: number }
  | { readonly match: number }
  | { readonly end: true };

/** A straight run of outputs, then where it leads. */
export interface BlockDef {
  readonly outputs: readonly OutputDef[];
  readonly next: NextDef;
}

export interface OptionDef {
  /** The option's id, or its label exactly as written when it has none. */
  readonly key: string;
  readonly text: TextTemplate;
  readonly next: NextDef;
}

export interface AskDef {
  /** Explicit or derived ask id (`start`, `node`, `node#2`, …). Unique in a flow. */
  readonly id: string;
  /**
   * True when the id was derived from the ask's node and position (the source
   * gives the ask no id of its own). Such an id moves to another question when
   * one is inserted before it, so saved sessions also record this ask's text.
   */
  readonly derivedId: boolean;
  readonly text: TextTemplate;
  readonly options: readonly OptionDef[];
}

/** One value a choice input can take: its id, and its label (null when it has none). */
export interface ValueDef {
  readonly id: string;
  readonly label: string | null;
}

export interface InputDef {
  readonly name: string;
  readonly label: string | null;
  /** Only on a choice input: the values it can take, in source order. A text input has none. */
  readonly values?: readonly ValueDef[];
}

export interface CaseDef {
  /** The values of the input that take this case. */
  readonly values: readonly string[];
  readonly next: NextDef;
}

/**
 * A `match` on a choice input: it waits for nothing and adds nothing to the
 * path, it takes the case that lists the input's value, or the `else`. When
 * `else` is null, every value of the input has a case.
 */
export interface MatchDef {
  readonly input: string;
  readonly cases: readonly CaseDef[];
  readonly else: NextDef | null;
}

/**
 * What a typed flow knows at compile time: each ask id with the union of its
 * option keys. A generated module declares one (`type Asks = { situation: "a" | "b" }`).
 */
export type AskMap = Readonly<Record<string, string>>;

/**
 * Each input's name with the values it takes: `string` for a text input, the
 * union of its value ids for a choice input. A generated module declares one
 * (`type Inputs = { client_name: string; client_type: "person" | "company" }`).
 */
export type InputMap = Readonly<Record<string, string>>;

// A type-only key: never present at run time, so plain JSON definitions match.
declare const types: unique symbol;

/**
 * `I` (input names → their values) and `A` (ask ids → option keys) are
 * phantom parameters: they only exist for the type checker, so a generated
 * module can make wrong keys, wrong values and missing inputs compile errors.
 * Both default to "anything", which is what a definition loaded as JSON at run
 * time gets.
 */
export interface FlowDefinition<
  I extends InputMap = InputMap,
  A extends AskMap = AskMap,
> {
  readonly format: typeof DEFINITION_FORMAT;
  readonly version: typeof DEFINITION_VERSION;
  /** The id after `flow`. */
  readonly id: string;
  readonly title: string | null;
  /**
   * Content hash of every other property (hex). Sessions remember it so
   * restore() can tell that the flow changed.
   */
  readonly hash: string;
  readonly inputs: readonly InputDef[];
  /** Where the entry (`start`) begins. */
  readonly entry: NextDef;
  readonly blocks: readonly BlockDef[];
  readonly asks: readonly AskDef[];
  /** The matches, in source order (`[]` when the flow has none). */
  readonly matches: readonly MatchDef[];
  /** Type-only (see above); never set it. */
  readonly [types]?: { readonly inputs: I; readonly asks: A };
}

/** Shorthand for a (typed) compiled flow. */
export type Flow<
  I extends InputMap = InputMap,
  A extends AskMap = AskMap,
> = FlowDefinition<I, A>;
