/**
 * The front end in one call. A clean file (no syntax-level diagnostic) is
 * parsed straight to its AST by clean-parser.ts; any other takes the
 * recovering way: lex → mark reserved words used as names → bound the
 * nesting → parse (with recovery) → build the AST. Returns the AST and every
 * syntax-level diagnostic (`syntax`, `invalid-string`, `reserved-word`,
 * `too-deep`); never throws on user input.
 */
import type { IToken } from "chevrotain";
import type { FlowFile } from "../ast/types.js";
import { buildFile } from "../ast/build.js";
import { emptyFile } from "../ast/empty.js";
import { type Diagnostic, diagnostic, type Span } from "../diagnostics.js";
import type { SourceFile } from "../source.js";
import { countBelow } from "../sorted.js";
import { parseClean } from "./clean-parser.js";
import type { CstNodeLike } from "./cst.js";
import { lex } from "./lexer.js";
import { CHUNK_LEVELS, MAX_LEVELS } from "./limits.js";
import { splitNesting } from "./nesting.js";
import { type ParseError, parseTokens } from "./parser.js";
import { markNamesInKeywordPlaces } from "./reserved.js";
import { clampSpan, isRealToken, lineBreakBetween, tokenEnd, tokenSpan } from "./spans.js";

export function parseSource(source: SourceFile): { file: FlowFile; diagnostics: Diagnostic[] } {
  const text = source.text;
  // Chevrotain makes an Error for every syntax error it recovers from; V8 would
  // capture a stack trace for each, which dominates on a file with thousands
  // of errors. Nothing reads those traces, and parsing is synchronous, so the
  // limit is lowered only while it runs.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseText(text);
  } catch (error) {
    if (error instanceof RangeError) {
      // A last line of defence: the nesting limit should make this unreachable.
      return {
        file: emptyFile(text.length),
        diagnostics: [
          diagnostic("too-deep", "this file is nested too deeply for the compiler to read", clampSpan(text.length, 0, 0)),
        ],
      };
    }
    // A bug. Parsing is deterministic: run again with stack traces on, so the report has one.
    Error.stackTraceLimit = traceLimit;
    try {
      return parseText(text);
    } catch (again) {
      throw new Error(`internal error in the flow parser (please report it): ${String(again)}`, { cause: again });
    }
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
}

function parseText(text: string): { file: FlowFile; diagnostics: Diagnostic[] } {
  const clean = parseClean(text);
  return clean !== null ? { file: clean, diagnostics: [] } : parseRecovering(text);
}

/**
 * The recovering way, which finds every syntax-level diagnostic. Exported
 * for test/clean-parser.test.ts, which checks that both ways build the same
 * AST wherever the clean one answers.
 */
export function parseRecovering(text: string): { file: FlowFile; diagnostics: Diagnostic[] } {
  const lexed = lex(text);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const tokens = lexed.tokens;

  markNamesInKeywordPlaces(text, tokens);
  const split = splitNesting(tokens, MAX_LEVELS, CHUNK_LEVELS);
  diagnostics.push(...split.diagnostics);

  const csts: (CstNodeLike | undefined)[] = [];
  let refusedAt: IToken | null = null;
  split.chunks.forEach((chunk, index) => {
    const parsed = parseTokens(chunk, index > 0);
    csts.push(parsed.cst as CstNodeLike | undefined);
    refusedAt ??= parsed.refusedAt;
    for (const error of parsed.errors) {
      diagnostics.push(diagnostic("syntax", error.message, errorSpan(text, tokens, error)));
    }
  });
  if (refusedAt !== null && split.diagnostics.length === 0) {
    const at: IToken = refusedAt;
    diagnostics.push(
      diagnostic(
        "too-deep",
        `this block is nested more deeply than the compiler supports: move part of it into a separate \`node\``,
        isRealToken(at) ? tokenSpan(at) : clampSpan(text.length, text.length, text.length),
      ),
    );
  }

  const built = buildFile({
    text,
    chunks: csts,
    comments: lexed.comments,
  });
  diagnostics.push(...built.diagnostics);
  return { file: built.file, diagnostics: onePerPlace(diagnostics).map((d) => clampDiagnostic(d, text.length)) };
}

/**
 * Where a parse error points. A missing part is anchored at the end of the
 * token before it when what was found is on a later line or is the end of
 * the file (Langium's trick for tokens recovery inserted without a position);
 * otherwise at the token that was found.
 */
function errorSpan(text: string, tokens: readonly IToken[], error: ParseError): Span {
  const found = error.token;
  const foundStart = isRealToken(found) ? found.startOffset : text.length;
  const previousEnd = previousTokenEnd(tokens, foundStart);
  if (!isRealToken(found)) return clampSpan(text.length, previousEnd, previousEnd);
  if (lineBreakBetween(text, previousEnd, foundStart)) return clampSpan(text.length, previousEnd, previousEnd);
  return clampSpan(text.length, found.startOffset, tokenEnd(found));
}

/** End of the last real token that starts before `offset` (0 when there is none). */
function previousTokenEnd(tokens: readonly IToken[], offset: number): number {
  const i = indexOfToken(tokens, offset) - 1;
  return i >= 0 ? tokenEnd(tokens[i]!) : 0;
}

/** Index of the token starting at `offset`; for a missing one, where it would be. */
function indexOfToken(tokens: readonly IToken[], offset: number): number {
  return countBelow(tokens.length, (i) => tokens[i]!.startOffset, offset);
}

/**
 * One `syntax` diagnostic per place: recovery can fail several times at one
 * offset (many `}` missing at the end of the file), and a token the parser
 * could not use may also be reported as a stray. The first one made wins:
 * lexer, then parser, then builder.
 */
function onePerPlace(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    if (d.code === "syntax") {
      if (seen.has(d.span.start)) continue;
      seen.add(d.span.start);
    }
    out.push(d);
  }
  return out;
}

function clampDiagnostic(d: Diagnostic, length: number): Diagnostic {
  const { start, end } = d.span;
  if (start >= 0 && end >= start && end <= length) return d;
  return { ...d, span: clampSpan(length, start, end) };
}
