import type { Diagnostic, Span } from "../diagnostics.js";
import { countBelow } from "../sorted.js";

/**
 * Where syntax errors are. Recovery can drop or misplace tokens (a lost
 * `-> x`, an option swallowed by an unclosed brace), so the flow checks do not
 * trust code that contains an error: they stay quiet about it rather than
 * report a dead end that is only an artefact of the broken text.
 */
export class Taint {
  private readonly starts: number[];
  /** True when the file has any syntax-level error at all. */
  readonly any: boolean;

  constructor(syntaxDiagnostics: readonly Diagnostic[]) {
    this.starts = syntaxDiagnostics
      .filter((d) => d.severity === "error")
      .map((d) => d.span.start)
      .sort((a, b) => a - b);
    this.any = this.starts.length > 0;
  }

  /** Does an error start inside `span` (both ends included: "expected `}`" sits at the end)? */
  within(span: Span): boolean {
    return this.between(span.start, span.end);
  }

  between(start: number, end: number): boolean {
    const s = this.starts;
    const first = countBelow(s.length, (i) => s[i]!, start);
    return first < s.length && s[first]! <= end;
  }
}
