/**
 * The keyword table as the service sees it: each word and a one-line
 * description for completion and hover.
 *
 * MERGE NOTE: the front end is getting one keyword table with descriptions
 * (syntax/). Until it lands, the words come from the lexer's KEYWORDS and
 * the descriptions are written here; once it does, repoint this module at
 * that table — nothing else in the service reads keywords.
 */
import { KEYWORDS } from "../syntax/tokens.js";

export interface KeywordInfo {
  readonly word: string;
  readonly description: string;
  /** Where the word may be written. */
  readonly role: "header" | "statement" | "ticket" | "ask" | "node" | "modifier" | "priority" | "target";
}

const DESCRIPTIONS: Readonly<Record<string, Omit<KeywordInfo, "word">>> = {
  flow: { role: "header", description: "Starts the file: `flow id \"Title\"` names the flow." },
  input: {
    role: "header",
    description: "A value the host passes to start(), used in texts as `{name}`: `input name \"Label\"`.",
  },
  node: { role: "node", description: "A named block of statements that `-> name` jumps to: `node name { … }`." },
  ask: {
    role: "statement",
    description: "Asks the agent a question and waits for one of its options: `ask [id] \"Question\" { option … }`.",
  },
  option: {
    role: "ask",
    description:
      "One answer of an `ask`: `option [id] \"Label\"`, then `-> node`, a `{ … }` body, or nothing (go on after the ask).",
  },
  say: { role: "statement", description: "Words for the agent to say to the customer: `say \"…\"`." },
  note: { role: "statement", description: "Guidance for the agent only, not read out: `note \"…\"`." },
  ticket: {
    role: "statement",
    description: "A ticket to file: `ticket [id] \"Title\" { queue … priority … field … attach … }`.",
  },
  todo: { role: "statement", description: "Content not written yet (a warning until it is replaced): `todo \"…\"`." },
  end: { role: "statement", description: "Finishes the flow here." },
  queue: { role: "ticket", description: "The queue the ticket goes to: `queue \"…\"`." },
  priority: { role: "ticket", description: "The ticket's priority: `priority low | normal | high | urgent`." },
  field: { role: "ticket", description: "A field the agent fills in on the ticket: `field id \"Label\" [required]`." },
  attach: { role: "ticket", description: "A file the agent attaches to the ticket: `attach id \"Label\" [required]`." },
  required: { role: "modifier", description: "The field or attachment must be given before the ticket is filed." },
};

/** The reserved words, in the lexer's order, each with its description. */
export const KEYWORD_TABLE: readonly KeywordInfo[] = KEYWORDS.map((t) => {
  const word = t.name.toLowerCase();
  return { word, ...(DESCRIPTIONS[word] ?? { role: "statement", description: `\`${word}\`` }) };
});

/** `priority`'s values (contextual words, not reserved). */
export const PRIORITIES: readonly KeywordInfo[] = [
  { word: "low", role: "priority", description: "Low priority." },
  { word: "normal", role: "priority", description: "Normal priority (the queue's default)." },
  { word: "high", role: "priority", description: "High priority." },
  { word: "urgent", role: "priority", description: "Urgent: handled before everything else." },
];

export const START: KeywordInfo = {
  word: "start",
  role: "target",
  description: "The entry: the statements before the first `node`. `-> start` goes back to the beginning.",
};

/** `->` is not a word but is written where a statement goes. */
export const ARROW: KeywordInfo = {
  word: "->",
  role: "statement",
  description: "Jumps to a node (or `start`): `-> name`.",
};

const BY_WORD = new Map<string, KeywordInfo>([...KEYWORD_TABLE, START].map((k) => [k.word, k]));

export function keywordInfo(word: string): KeywordInfo | undefined {
  return BY_WORD.get(word);
}

export function isReserved(word: string): boolean {
  return BY_WORD.has(word);
}
