/**
 * Reserved words in the place of a name.
 *
 * `node end {`, `-> end` or `ask say "..."` are keywords where the grammar
 * wants a name. Left alone, they would derail the parser into a confusing
 * syntax error; instead, a keyword that clearly stands in a name's place is
 * re-typed as a name here, and the AST builder reports it as `reserved-word`
 * with a message that explains the word.
 *
 * "Clearly" means, looking at the token before it on the same line:
 * - after `flow`, `input`, `node`, `field`, `attach` or `->` (a name is required there);
 * - after `ask`, `option` or `ticket` when a quoted text follows (the name is optional there).
 * A keyword on the next line is left alone: it most likely starts a new line of the flow.
 */
import type { IToken } from "chevrotain";
import { lineBreakBetween } from "./spans.js";
import {
  Arrow,
  Ask,
  Attach,
  Field,
  Flow,
  Identifier,
  Input,
  KEYWORDS,
  Node,
  Option,
  StringLiteral,
  Ticket,
  TripleString,
} from "./tokens.js";

const KEYWORD_SET = new Set(KEYWORDS);
const NAME_REQUIRED = new Set([Flow, Input, Node, Field, Attach, Arrow]);
const NAME_OPTIONAL = new Set([Ask, Option, Ticket]);

export function markNamesInKeywordPlaces(text: string, tokens: IToken[]): void {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!KEYWORD_SET.has(t.tokenType)) continue;
    const prev = tokens[i - 1]!;
    const required = NAME_REQUIRED.has(prev.tokenType);
    if (!required && !NAME_OPTIONAL.has(prev.tokenType)) continue;
    const prevEnd = prev.startOffset + prev.image.length;
    if (lineBreakBetween(text, prevEnd, t.startOffset)) continue;
    if (!required) {
      const next = tokens[i + 1]?.tokenType;
      if (next !== StringLiteral && next !== TripleString) continue;
    }
    t.tokenType = Identifier;
    t.tokenTypeIdx = Identifier.tokenTypeIdx!;
  }
}
