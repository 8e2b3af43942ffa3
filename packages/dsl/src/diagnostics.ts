import { type Code, severityOf } from "./codes.js";

export type Severity = "error" | "warning";

/** Half-open range of UTF-16 offsets into a SourceFile's normalised text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface RelatedInfo {
  readonly message: string;
  readonly span: Span;
}

/** One choice on the way to a problem: the question (its id) and the option picked (its key). */
export interface ChoiceStep {
  readonly ask: string;
  readonly option: string;
}

/** Plain data: collected, never thrown. */
export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedInfo[];
  readonly hint?: string;
  /** For dead-end, silent-end and no-exit: the shortest choices from the start that get there. */
  readonly reachedBy?: readonly string[];
  /** The same choices as data: for dead-end, silent-end and no-exit, when a choice is needed to get there. */
  readonly path?: readonly ChoiceStep[];
}

export function diagnostic(
  code: Code,
  message: string,
  span: Span,
  extra: {
    related?: readonly RelatedInfo[];
    hint?: string;
    reachedBy?: readonly string[];
    path?: readonly ChoiceStep[];
  } = {},
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: severityOf(code),
    message,
    span,
    related: extra.related ?? [],
    ...(extra.hint !== undefined ? { hint: extra.hint } : {}),
    ...(extra.reachedBy !== undefined ? { reachedBy: extra.reachedBy } : {}),
    ...(extra.path !== undefined ? { path: extra.path } : {}),
  };
  return d;
}

/** Source order: by start, then end, then code, so output is deterministic. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
