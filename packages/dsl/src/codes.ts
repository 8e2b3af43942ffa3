import type { Severity } from "./diagnostics.js";

/**
 * When a code is found: `syntax` while reading the text (the file has no
 * sound structure to draw, walk or compile), `check` by the checks on what
 * was read, `files` by the command line across files (it reads the files and
 * knows them all; the compiler sees one text at a time).
 */
export type Phase = "syntax" | "check" | "files";

/** The one registry of diagnostic codes. docs/diagnostics.md is generated from it. */
export const CODES = {
  syntax: { phase: "syntax", severity: "error", doc: "The text does not match the grammar." },
  "invalid-string": {
    phase: "syntax",
    severity: "error",
    doc: "A bad escape, an unclosed string, or an unclosed or empty placeholder.",
  },
  "reserved-word": {
    phase: "syntax",
    severity: "error",
    doc: "A keyword or `start` used as an id.",
  },
  "duplicate-node": { phase: "check", severity: "error", doc: "Two nodes with one id." },
  "duplicate-ask": {
    phase: "check",
    severity: "error",
    doc: "Two asks with one id (explicit or derived).",
  },
  "duplicate-option": {
    phase: "check",
    severity: "error",
    doc: "Two options of one ask with the same key.",
  },
  "duplicate-input": { phase: "check", severity: "error", doc: "Two inputs with one name." },
  "duplicate-field": {
    phase: "check",
    severity: "error",
    doc: "Two fields or attachments of one ticket with one id.",
  },
  "duplicate-value": {
    phase: "check",
    severity: "error",
    doc: "Two values of one choice input with one name.",
  },
  "non-exhaustive-match": {
    phase: "check",
    severity: "error",
    doc: "A `match` without `else` that has no case for some values of its input (the message names them).",
  },
  "unknown-case": {
    phase: "check",
    severity: "error",
    doc: "A `case` naming a value its input does not list.",
  },
  "duplicate-case": {
    phase: "check",
    severity: "error",
    doc: "A value named by two cases of one `match`.",
  },
  "match-on-text": {
    phase: "check",
    severity: "error",
    doc: "A `match` on an input without values (a text input): there is nothing to branch on.",
  },
  "undefined-target": {
    phase: "check",
    severity: "error",
    doc: "`-> x` where there is no node `x`.",
  },
  "undeclared-input": {
    phase: "check",
    severity: "error",
    doc: "`{x}` in a text, or `match x`, and no `input x`.",
  },
  "unreachable-code": {
    phase: "check",
    severity: "error",
    doc: "A statement that no path reaches (or an `else` that no value reaches).",
  },
  "dead-end": {
    phase: "check",
    severity: "error",
    doc: "A step that finishes the flow without emitting any output.",
  },
  "no-exit": {
    phase: "check",
    severity: "error",
    doc: "Asks or jumps that loop without ever reaching a finish.",
  },
  "unreachable-node": {
    phase: "check",
    severity: "error",
    doc: "A node that no path from the entry reaches.",
  },
  "too-deep": {
    phase: "syntax",
    severity: "error",
    doc: "Nesting deeper than the compiler supports.",
  },
  todo: {
    phase: "check",
    severity: "warning",
    doc: "A `todo` statement: content not written yet.",
  },
  "unused-input": {
    phase: "check",
    severity: "warning",
    doc: "An input that no text and no `match` uses.",
  },
  "single-option": { phase: "check", severity: "warning", doc: "An ask with one option." },
  "silent-end": {
    phase: "check",
    severity: "warning",
    doc: "A step that finishes the flow without any `say`: the customer is told nothing.",
  },
  "duplicate-flow": {
    phase: "files",
    severity: "error",
    doc: "Two checked files declare one flow id.",
  },
  encoding: {
    phase: "files",
    severity: "error",
    doc: "A file that is not valid UTF-8 (the other files are still checked).",
  },
  "too-many-diagnostics": {
    phase: "check",
    severity: "error",
    doc: "More than 1,000 problems in one file: the rest are counted in this one, not listed (a warning when all of those are warnings).",
  },
} as const satisfies Record<string, { phase: Phase; severity: Severity; doc: string }>;

export type Code = keyof typeof CODES;

export function severityOf(code: Code): Severity {
  return CODES[code].severity;
}
