/**
 * The one keyword table. The lexer makes a token type per keyword from it,
 * the parser's messages describe keywords with it, did-you-mean offers the
 * words marked `suggest`, the formatter spells keywords from it and
 * docs/language.md's keyword list is checked against it.
 */

export type KeywordKind =
  /** Starts a line at the top of the file: `flow`, `input`, `node`. */
  | "declaration"
  /** Starts a statement in the entry, a node or an option's block. */
  | "statement"
  /** One answer of an `ask`. */
  | "option"
  /** One value of a choice input, inside the input's `{ }`. */
  | "value"
  /** One branch of a `match`: `case`, `else`. */
  | "case"
  /** A line inside a ticket's `{ }`. */
  | "ticket-property"
  /** A word at the end of a line: `required`. */
  | "modifier"
  /** Not a keyword to the lexer, but taken as a name: `start`. */
  | "reserved-name";

export interface Keyword {
  readonly word: string;
  readonly kind: KeywordKind;
  /** What the word does, for messages: "… (it asks the agent a question)". */
  readonly description: string;
  /** Offered by did-you-mean when an unknown word is close to it. */
  readonly suggest: boolean;
  /** What it does and how it is written, for an editor's completion and hover. */
  readonly usage: string;
}

export const KEYWORD_TABLE = [
  {
    word: "flow",
    kind: "declaration",
    description: "it starts the first line of the file",
    suggest: true,
    usage: 'Starts the file: `flow id "Title"` names the flow.',
  },
  {
    word: "input",
    kind: "declaration",
    description: "it declares a value that the host passes in",
    suggest: true,
    usage:
      'A value the host passes to start(), used in texts as `{name}`: `input name "Label"`.',
  },
  {
    word: "value",
    kind: "value",
    description: "it is one value of a choice input",
    suggest: true,
    usage:
      'One value a choice input can take, inside the input\'s `{ }`: `value id "Label"`.',
  },
  {
    word: "node",
    kind: "declaration",
    description: "it starts a named block of statements",
    suggest: true,
    usage:
      "A named block of statements that `-> name` jumps to: `node name { … }`.",
  },
  {
    word: "ask",
    kind: "statement",
    description: "it asks the agent a question",
    suggest: true,
    usage:
      'Asks the agent a question and waits for one of its options: `ask [id] "Question" { option … }`.',
  },
  {
    word: "option",
    kind: "option",
    description: "it is one answer of an `ask`",
    suggest: true,
    usage:
      'One answer of an `ask`: `option [id] "Label"`, then `-> node`, a `{ … }` body, or nothing (go on after the ask).',
  },
  {
    word: "match",
    kind: "statement",
    description: "it branches on the value of a choice input",
    suggest: true,
    usage:
      "Branches on a choice input's value at once, without asking: `match input { case a, b -> node … else … }`.",
  },
  {
    word: "case",
    kind: "case",
    description: "it is one branch of a `match`",
    suggest: true,
    usage:
      "One branch of a `match`, for the values it names: `case a, b`, then `-> node` or a `{ … }` body.",
  },
  {
    word: "else",
    kind: "case",
    description: "it is the branch of a `match` for the values no case names",
    suggest: true,
    usage:
      "The last branch of a `match`, taken for every value no `case` names: `else -> node` or `else { … }`.",
  },
  {
    word: "say",
    kind: "statement",
    description: "it gives the words to say to the customer",
    suggest: true,
    usage: 'Words for the agent to say to the customer: `say "…"`.',
  },
  {
    word: "note",
    kind: "statement",
    description: "it gives guidance to the agent",
    suggest: true,
    usage: 'Guidance for the agent only, not read out: `note "…"`.',
  },
  {
    word: "ticket",
    kind: "statement",
    description: "it files a ticket",
    suggest: true,
    usage:
      'A ticket to file: `ticket [id] "Title" { queue … priority … field … attach … }`.',
  },
  {
    word: "todo",
    kind: "statement",
    description: "it marks content not written yet",
    suggest: true,
    usage:
      'Content not written yet (a warning until it is replaced): `todo "…"`.',
  },
  {
    word: "end",
    kind: "statement",
    description: "it finishes the flow",
    suggest: true,
    usage: "Finishes the flow here.",
  },
  {
    word: "queue",
    kind: "ticket-property",
    description: "it is a property of a ticket",
    suggest: true,
    usage: 'The queue the ticket goes to: `queue "…"`.',
  },
  {
    word: "priority",
    kind: "ticket-property",
    description: "it is a property of a ticket",
    suggest: true,
    usage: "The ticket's priority: `priority low | normal | high | urgent`.",
  },
  {
    word: "field",
    kind: "ticket-property",
    description: "it is a property of a ticket",
    suggest: true,
    usage:
      'A field the agent fills in on the ticket: `field id "Label" [required]`.',
  },
  {
    word: "attach",
    kind: "ticket-property",
    description: "it is a property of a ticket",
    suggest: true,
    usage:
      'A file the agent attaches to the ticket: `attach id "Label" [required]`.',
  },
  {
    word: "required",
    kind: "modifier",
    description: "it marks a ticket's field or attachment as required",
    suggest: true,
    usage: "The field or attachment must be given before the ticket is filed.",
  },
  {
    word: "start",
    kind: "reserved-name",
    description:
      "it is the name of the entry, the statements before the first `node`",
    suggest: false,
    usage:
      "The entry: the statements before the first `node`. `-> start` goes back to the beginning.",
  },
] as const satisfies readonly Keyword[];

/** A word of the table, as a type: the formatter prints only these as keywords. */
export type KeywordWord = (typeof KEYWORD_TABLE)[number]["word"];

const BY_WORD: ReadonlyMap<string, Keyword> = new Map(
  KEYWORD_TABLE.map((k) => [k.word, k]),
);

/** The table's entry for a word, keyword or `start`. */
export function keywordOf(word: string): Keyword | undefined {
  return BY_WORD.get(word);
}

/**
 * Names an input cannot have: a host passes inputs as an object literal, and
 * `{ __proto__: "…" }` sets the literal's prototype instead of a property, so
 * the value is silently lost. Reported as `reserved-word`, like a keyword.
 * (Nodes, asks, options and fields may be called so: the runtime keys them in
 * Maps. `constructor`, `toString` and the other names every object inherits
 * are allowed everywhere: an object literal makes them own properties, and
 * the runtime reads only own properties.)
 */
export const INPUT_RESERVED: ReadonlyMap<string, string> = new Map([
  [
    "__proto__",
    "in a JavaScript object literal it sets the object's prototype, so a value given under it is lost",
  ],
]);

/** Why a word cannot be a name (a keyword, or `start`), or undefined when it can. */
export function reservedReason(word: string): string | undefined {
  return BY_WORD.get(word)?.description;
}

/** The words `priority` takes (contextual: not reserved). */
export const PRIORITY_WORDS = ["low", "normal", "high", "urgent"] as const;
