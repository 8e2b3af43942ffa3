import type { Severity } from "./diagnostics.js";

/** The one registry of diagnostic codes. docs/diagnostics.md is generated from it. */
export const CODES = {
  syntax: { severity: "error", doc: "The text does not match the grammar." },
  "invalid-string": {
    severity: "error",
    doc: "A bad escape, an unclosed string, or an unclosed or empty placeholder.",
  },
  "reserved-word": { severity: "error", doc: "A keyword or `start` used as an id." },
  "duplicate-node": { severity: "error", doc: "Two nodes with one id." },
  "duplicate-ask": { severity: "error", doc: "Two asks with one id (explicit or derived)." },
  "duplicate-option": { severity: "error", doc: "Two options of one ask with the same key." },
  "duplicate-input": { severity: "error", doc: "Two inputs with one name." },
  "duplicate-field": {
    severity: "error",
    doc: "Two fields or attachments of one ticket with one id.",
  },
  "undefined-target": { severity: "error", doc: "`-> x` where there is no node `x`." },
  "undeclared-input": { severity: "error", doc: "`{x}` in a text and no `input x`." },
  "unreachable-code": { severity: "error", doc: "A statement that no path reaches." },
  "dead-end": {
    severity: "error",
    doc: "A step that finishes the flow without emitting any output.",
  },
  "no-exit": {
    severity: "error",
    doc: "Asks or jumps that loop without ever reaching a finish.",
  },
  "unreachable-node": { severity: "error", doc: "A node that no path from the entry reaches." },
  "too-deep": { severity: "error", doc: "Nesting deeper than the compiler supports." },
  todo: { severity: "warning", doc: "A `todo` statement: content not written yet." },
  "unused-input": { severity: "warning", doc: "An input that no text uses." },
  "single-option": { severity: "warning", doc: "An ask with one option." },
  "silent-end": {
    severity: "warning",
    doc: "A step that finishes the flow without any `say`: the customer is told nothing.",
  },
  "too-many-diagnostics": {
    severity: "error",
    doc: "More than 1,000 problems in one file: the rest are counted in this one, not listed (a warning when all of those are warnings).",
  },
} as const satisfies Record<string, { severity: Severity; doc: string }>;

export type Code = keyof typeof CODES;

export function severityOf(code: Code): Severity {
  return CODES[code].severity;
}
