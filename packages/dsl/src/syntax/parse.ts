/**
 * The front end in one call: lex → bound the nesting → parse (the parser
 * builds the AST and reports as it goes). Returns the AST and every
 * syntax-level diagnostic (`syntax`, `invalid-string`, `reserved-word`,
 * `too-deep`); never throws on user input. A throw from here is a bug in
 * the compiler, and it says so.
 */
import type { FlowFile } from "../ast/types.js";
import type { Diagnostic } from "../diagnostics.js";
import { positionAt, type SourceFile } from "../source.js";
import { AstBuilder } from "./build.js";
import { boundNesting } from "./depth.js";
import { lex } from "./lexer.js";
import { parseTokens } from "./parser.js";
import { clampSpan } from "./spans.js";

export function parseSource(source: SourceFile): {
  file: FlowFile;
  diagnostics: Diagnostic[];
} {
  const text = source.text;
  const lexed = lex(text);
  const bounded = boundNesting(lexed.tokens);
  const builder = new AstBuilder(text, (offset) => positionAt(source, offset).line);
  const file = parseTokens(bounded.tokens, builder, lexed.comments);
  const diagnostics = afterLexer(source, lexed.diagnostics, [...bounded.diagnostics, ...builder.diagnostics]);
  return {
    file,
    diagnostics: diagnostics.map((d) => clampDiagnostic(d, text.length)),
  };
}

/**
 * One mistake, one error: the lexer's error on a line is the mistake (an
 * unknown character, a `#` comment), and what the parser makes of the rest of
 * that line follows from it, so the parser's `syntax` errors on that line are
 * dropped.
 */
function afterLexer(source: SourceFile, lexer: readonly Diagnostic[], rest: readonly Diagnostic[]): Diagnostic[] {
  const lines = new Set<number>();
  for (const d of lexer) lines.add(positionAt(source, d.span.start).line);
  const out = [...lexer];
  for (const d of rest) {
    if (d.code === "syntax" && lines.has(positionAt(source, d.span.start).line)) continue;
    out.push(d);
  }
  return out;
}

function clampDiagnostic(d: Diagnostic, length: number): Diagnostic {
  const { start, end } = d.span;
  if (start >= 0 && end >= start && end <= length) return d;
  return { ...d, span: clampSpan(length, start, end) };
}
