/**
 * The parser's words for authors: how a token reads in a message, what a
 * block expected when it found a line it cannot read, and the keyword a
 * misspelt or look-alike word most likely meant.
 */
import type { IToken } from "chevrotain";
import { keywordOf, KEYWORD_TABLE, type KeywordKind } from "./keywords.js";
import { explainLookalike, toLatin } from "./lookalike.js";

/** The kinds of block whose lines the parser reads (see parser.ts). */
export type BlockKind = "top" | "node" | "option" | "ask" | "ticket" | "input" | "match" | "case";

/** How a found token reads in a message. */
export function describeToken(token: IToken | undefined): string {
  if (token === undefined || token.tokenType.name === "EOF") return "the end of the file";
  const type = token.tokenType.name;
  if (type === "StringLiteral" || type === "TripleString" || type === "OtherQuotesText") {
    const oneLine = token.image.split(/\r?\n/, 1)[0] ?? "";
    const short = oneLine.length > 32 ? `${oneLine.slice(0, 30)}…` : oneLine;
    return `the text ${short}`;
  }
  return `\`${token.image}\``;
}

/** The keyword kinds that can start a line in each block (for did-you-mean). */
const STARTS: Record<BlockKind, readonly KeywordKind[]> = {
  top: ["declaration", "statement"],
  node: ["statement"],
  option: ["statement"],
  ask: ["option"],
  ticket: ["ticket-property"],
  input: ["value"],
  match: ["case"],
  case: ["statement"],
};

/** Optimal string alignment distance (a swap of two neighbours counts once), by code points. */
function distance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d: number[][] = [];
  for (let i = 0; i <= x.length; i++) {
    d.push([i]);
    for (let j = 1; j <= y.length; j++) {
      if (i === 0) {
        d[0]!.push(j);
        continue;
      }
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]!.push(v);
    }
  }
  return d[x.length]![y.length]!;
}

export interface KeywordGuess {
  readonly keyword: string;
  /** Set when the word is the keyword written with a letter from another alphabet. */
  readonly lookalike?: string;
}

/**
 * The keyword an unknown word at the start of a line most likely meant: the
 * same word with look-alike letters, or one edit away (two for words of five
 * letters or more), preferring the keywords that can start a line here.
 */
export function guessKeyword(word: string, block: BlockKind): KeywordGuess | undefined {
  if (word.length > 20) return undefined;
  const latin = toLatin(word);
  if (latin !== word && keywordOf(latin) !== undefined && keywordOf(latin)!.kind !== "reserved-name") {
    const lookalike = explainLookalike(word, latin);
    return lookalike !== undefined ? { keyword: latin, lookalike } : { keyword: latin };
  }
  const lower = word.toLowerCase();
  const allowed = Array.from(word).length >= 5 ? 2 : 1;
  const fits = STARTS[block];
  let best: { word: string; score: number } | undefined;
  for (const k of KEYWORD_TABLE) {
    if (!k.suggest) continue;
    const d = distance(lower, k.word);
    if (d > allowed) continue;
    // A keyword that fits here wins a tie.
    const score = d * 2 + (fits.includes(k.kind) ? 0 : 1);
    if (best === undefined || score < best.score) best = { word: k.word, score };
  }
  return best !== undefined ? { keyword: best.word } : undefined;
}

/** What a block expected at the start of a line. */
export function expectedIn(block: BlockKind): string {
  switch (block) {
    case "ask":
      return "an `option` inside the ask's `{ }`";
    case "ticket":
      return "`queue`, `priority`, `field` or `attach` inside the ticket's `{ }`";
    case "input":
      return "a `value` inside the input's `{ }`";
    case "match":
      return "a `case` or `else` inside the match's `{ }`";
    case "top":
      return "a statement (say, note, todo, ticket, ask, match, `->` or end), a `node` or an `input`";
    default:
      return "a statement (say, note, todo, ticket, ask, match, `->` or end)";
  }
}

export interface BrokenLineMessage {
  readonly message: string;
  readonly hint?: string;
}

/** The one message for a line that starts with a token that cannot start anything in its block. */
export function brokenLineMessage(block: BlockKind, first: IToken): BrokenLineMessage {
  const type = first.tokenType.name;
  const found = describeToken(first);
  // A word that belongs to one kind of block only, written outside it.
  switch (type) {
    case "Value":
      return {
        message: "a `value` is listed inside an input's `{ }`",
        hint: 'like `input client_type "Кто оформил заказ" { value person "Физ.лицо" }`',
      };
    case "Case":
      return {
        message: "a `case` must be inside a `match`'s `{ }`",
        hint: "like `match client_type { case person -> node_name }`",
      };
    case "Else":
      return {
        message: "an `else` must be the last branch inside a `match`'s `{ }`",
        hint: "like `match client_type { case person -> node_name else -> other_node }`",
      };
    default:
      break;
  }
  if (type === "Identifier") {
    const guess = guessKeyword(first.image, block);
    if (guess?.lookalike !== undefined) {
      return {
        message: guess.lookalike,
        hint: `did you mean \`${guess.keyword}\`? Retype the word in Latin letters`,
      };
    }
    const message = `expected ${expectedIn(block)}, found ${found}`;
    return guess !== undefined ? { message, hint: `did you mean \`${guess.keyword}\`?` } : { message };
  }
  if (block === "ask") {
    return {
      message: `expected an \`option\` inside the ask's \`{ }\`, found ${found}`,
      hint: 'an ask holds only options; put statements inside an option\'s block, like `option "..." { say "..." }`',
    };
  }
  if (block === "match") {
    if (type === "Comma") return { message: `expected ${expectedIn("match")}, found ${found}` };
    return {
      message: `expected ${expectedIn("match")}, found ${found}`,
      hint: "a match holds only cases; put statements inside a case's block, like `case a { say \"...\" }`",
    };
  }
  if (block === "input") {
    return {
      message: `expected ${expectedIn("input")}, found ${found}`,
      hint: 'an input\'s `{ }` lists the values it can take, like `value person "Физ.лицо"`',
    };
  }
  if (block === "ticket") {
    if (type === "Required") {
      return {
        message: "`required` comes at the end of a `field` or `attach` line",
        hint: 'like `field comment "Комментарий" required`',
      };
    }
    return { message: `expected ${expectedIn("ticket")}, found ${found}` };
  }
  switch (type) {
    case "RCurly":
      return {
        message: "this `}` closes nothing",
        hint: "remove it, or look for a missing `{` before it",
      };
    case "LCurly":
      return {
        message: "unexpected `{`",
        hint: "a block opens only after `node <name>`, an ask's question, an option, a ticket, a choice input, a `match` or a `case`",
      };
    case "Option":
      return {
        message: "an `option` must be inside an ask's `{ }`",
        hint: 'like `ask "..." { option "..." }`',
      };
    case "Required":
      return {
        message: "`required` comes at the end of a `field` or `attach` line inside a ticket's `{ }`",
      };
    case "Comma":
      return { message: "unexpected `,`", hint: "a `,` goes only between the values of a `case`" };
    case "Flow":
      return { message: "the `flow` line comes once, at the top of the file" };
    case "Input":
      return {
        message: "an `input` is declared at the top of the file, not inside a block",
      };
    case "StringLiteral":
    case "TripleString":
    case "OtherQuotesText":
      return {
        message: `expected ${expectedIn(block)}, found ${found}`,
        hint: 'a text needs a keyword before it, like `say "..."` or `note "..."`',
      };
    default:
      break;
  }
  if (keywordOf(first.image)?.kind === "ticket-property") {
    return {
      message: `\`${first.image}\` belongs inside a ticket's \`{ }\``,
      hint: `like \`ticket "..." { ${first.image} ... }\``,
    };
  }
  return { message: `expected ${expectedIn(block)}, found ${found}` };
}
