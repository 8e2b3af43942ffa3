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
export interface AskStep {
  readonly ask: string;
  readonly option: string;
}

/** A `match` on the way to a problem: the input and the value that takes the branch. */
export interface ValueStep {
  readonly input: string;
  readonly value: string;
}

/** One step on the way to a problem: a choice at a question, or the value a match branched on. */
export type ChoiceStep = AskStep | ValueStep;

/** Plain data: collected, never thrown. */
export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedInfo[];
  readonly hint?: string;
  /**
   * For dead-end, silent-end and no-exit: the shortest choices from the start
   * that get there (the first ask's id, then option keys; a match's value as
   * `input = value`).
   */
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

/** At most this many diagnostics are listed for one file; the rest are counted in one more. */
export const MAX_DIAGNOSTICS_PER_FILE = 1_000;

/**
 * A file's diagnostics, in source order, cut to the first
 * MAX_DIAGNOSTICS_PER_FILE plus one `too-many-diagnostics` that counts the
 * rest, so that what a broken or hostile file makes every consumer print (a
 * terminal, a JSON report, an editor) stays bounded. The count is an error
 * when any diagnostic it stands for is one, so leaving them out never turns
 * a failing file into a passing one.
 */
export function limitDiagnostics(sorted: Diagnostic[]): Diagnostic[] {
  if (sorted.length <= MAX_DIAGNOSTICS_PER_FILE) return sorted;
  let errors = 0;
  for (let i = MAX_DIAGNOSTICS_PER_FILE; i < sorted.length; i++) {
    if (sorted[i]!.severity === "error") errors++;
  }
  const rest = sorted.length - MAX_DIAGNOSTICS_PER_FILE;
  const warnings = rest - errors;
  const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  const kinds = [errors > 0 ? count(errors, "error") : "", warnings > 0 ? count(warnings, "warning") : ""];
  const shown = sorted.slice(0, MAX_DIAGNOSTICS_PER_FILE);
  shown.push({
    code: "too-many-diagnostics",
    severity: errors > 0 ? "error" : "warning",
    message:
      `Only the first ${count(MAX_DIAGNOSTICS_PER_FILE, "problem")} of a file are listed: ` +
      `${count(rest, "more problem")} from here on are not (${kinds.filter((k) => k !== "").join(", ")}).`,
    // Where the first one not listed is: everything before it was listed.
    span: sorted[MAX_DIAGNOSTICS_PER_FILE]!.span,
    related: [],
    hint: "fix the problems above and check again; so many often come from one slip early in the file",
  });
  return shown;
}
