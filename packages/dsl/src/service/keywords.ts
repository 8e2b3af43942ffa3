/**
 * The keyword table as the service sees it: each word, where it may be
 * written and a one-line description for completion and hover — all read from
 * the language's one keyword table (syntax/keywords.ts).
 */
import {
  KEYWORD_TABLE as LANGUAGE_KEYWORDS,
  type KeywordKind,
  PRIORITY_WORDS,
} from "../syntax/keywords.js";

export interface KeywordInfo {
  readonly word: string;
  readonly description: string;
  /** Where the word may be written. */
  readonly role:
    | "header"
    | "statement"
    | "ticket"
    | "ask"
    | "node"
    | "modifier"
    | "priority"
    | "target"
    /** Inside a choice input's `{ }`: `value`. */
    | "input"
    /** Inside a match's `{ }`: `case`, `else`. */
    | "match";
}

const ROLE_OF_KIND: Readonly<
  Record<Exclude<KeywordKind, "declaration">, KeywordInfo["role"]>
> = {
  statement: "statement",
  option: "ask",
  "ticket-property": "ticket",
  modifier: "modifier",
  value: "input",
  case: "match",
  "reserved-name": "target",
};

const ALL: readonly KeywordInfo[] = LANGUAGE_KEYWORDS.map((k) => ({
  word: k.word,
  description: k.usage,
  // Of the declarations, `node` opens a block of its own; `flow` and `input` head the file.
  role:
    k.kind === "declaration"
      ? k.word === "node"
        ? "node"
        : "header"
      : ROLE_OF_KIND[k.kind],
}));

/** The reserved words, in the table's order, each with its description. */
export const KEYWORD_TABLE: readonly KeywordInfo[] = ALL.filter(
  (k) => k.role !== "target",
);

/** `priority`'s values (contextual words, not reserved). */
const PRIORITY_DESCRIPTIONS: Readonly<Record<(typeof PRIORITY_WORDS)[number], string>> = {
  low: "Low priority.",
  normal: "Normal priority (the queue's default).",
  high: "High priority.",
  urgent: "Urgent: handled before everything else.",
};

export const PRIORITIES: readonly KeywordInfo[] = PRIORITY_WORDS.map((word) => ({
  word,
  role: "priority",
  description: PRIORITY_DESCRIPTIONS[word],
}));

export const START: KeywordInfo = ALL.find((k) => k.word === "start")!;

/** `->` is not a word but is written where a statement goes. */
export const ARROW: KeywordInfo = {
  word: "->",
  role: "statement",
  description: "Jumps to a node (or `start`): `-> name`.",
};

const BY_WORD = new Map<string, KeywordInfo>(
  [...KEYWORD_TABLE, START].map((k) => [k.word, k]),
);

export function keywordInfo(word: string): KeywordInfo | undefined {
  return BY_WORD.get(word);
}

export function isReserved(word: string): boolean {
  return BY_WORD.has(word);
}
