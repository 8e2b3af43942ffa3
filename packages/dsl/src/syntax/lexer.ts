/**
 * Text → tokens. One chevrotain lexer per process, built on first use.
 * Unknown characters and `#` comments become `syntax` diagnostics and
 * lexing goes on; comments are collected (in order) for the formatter.
 */
import { type IToken, Lexer } from "chevrotain";
import type { Comment } from "../ast/types.js";
import { type Diagnostic, diagnostic } from "../diagnostics.js";
import { clampSpan, lineBreakBetween } from "./spans.js";
import { BlockComment, LEXER_TOKENS } from "./tokens.js";

let lexer: Lexer | undefined;

function theLexer(): Lexer {
  lexer ??= new Lexer([...LEXER_TOKENS], {
    // Line and column come from SourceFile.positionAt (code points), never from chevrotain.
    positionTracking: "onlyOffset",
    ensureOptimizations: true,
    skipValidations: true,
  });
  return lexer;
}

export interface LexResult {
  /** Tokens for the parser, comments and whitespace removed. */
  readonly tokens: IToken[];
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

export function lex(text: string): LexResult {
  const result = theLexer().tokenize(text);
  const diagnostics: Diagnostic[] = [];
  // One error per line: the first unknown character is the mistake; more on its line follow from it.
  let lastErrorEnd = -1;
  for (const error of result.errors) {
    const start = error.offset;
    const end = start + Math.max(1, error.length);
    const sameLine = lastErrorEnd >= 0 && !lineBreakBetween(text, lastErrorEnd, start);
    lastErrorEnd = end;
    if (sameLine) continue;
    diagnostics.push(diagnostic("syntax", unexpectedCharacters(text, start, end), clampSpan(text.length, start, end)));
  }
  for (const token of result.groups["hashComments"] ?? []) {
    const start = token.startOffset;
    diagnostics.push(
      diagnostic("syntax", "a comment starts with `//`, not `#`", clampSpan(text.length, start, start + 1), {
        hint: "write `//` in place of `#`",
      }),
    );
  }
  const comments: Comment[] = [];
  for (const token of result.groups["comments"] ?? []) {
    const block = token.tokenType === BlockComment;
    const start = token.startOffset;
    const end = start + token.image.length;
    if (block && (token.image.length < 4 || !token.image.endsWith("*/"))) {
      diagnostics.push(
        diagnostic(
          "syntax",
          "this comment is never closed: end it with `*/`",
          clampSpan(text.length, start, start + 2),
        ),
      );
    }
    comments.push({
      kind: "Comment",
      style: block ? "block" : "line",
      value: token.image,
      span: { start, end },
    });
  }
  return { tokens: result.tokens, comments, diagnostics };
}

/** A message for a run of characters no token can start with, with a hint for the usual suspects. */
function unexpectedCharacters(text: string, start: number, end: number): string {
  const first = String.fromCodePoint(text.codePointAt(start) ?? 0xfffd);
  const shown = showChar(first);
  const what =
    end - start > first.length ? `unexpected characters starting with ${shown}` : `unexpected character ${shown}`;
  switch (first) {
    case "-":
      return `${what}: a name uses \`_\` instead of \`-\` (and a jump is written \`->\`)`;
    default:
      return `${what}: it is not part of the flow language here (put texts between double quotes)`;
  }
}

/** A character as a message shows it: visible ones quoted, invisible ones as `U+XXXX`. */
export function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const invisible =
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0xa0) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    /^[\p{Cf}\p{Z}\p{Co}\p{Cn}]$/u.test(ch);
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return invisible ? code : `\`${ch}\` (${code})`;
}
