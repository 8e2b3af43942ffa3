/**
 * The closed set of problems the runtime reports. The code is stable (match on
 * it); the message is for people: it says what was wrong and how to fix it.
 * Documented in docs/runtime.md.
 */
export type FlowErrorCode =
  | "invalid-definition"
  | "missing-input"
  | "invalid-input"
  | "session-done"
  | "unknown-option"
  | "invalid-session"
  | "flow-mismatch"
  | "restore-mismatch"
  | "too-many-choices";

/** The one error class of @flowc/runtime: misuse by the host app, never a content problem. */
export class FlowError extends Error {
  declare readonly code: FlowErrorCode;
  constructor(code: FlowErrorCode, message: string) {
    super(message);
    this.name = "FlowError";
    // Assigned, not a class field: readonly to users, and no field helper in the bundle.
    (this as { code: FlowErrorCode }).code = code;
  }
}

/** Throws; typed `never` so it also works inside expressions. */
export function fail(code: FlowErrorCode, message: string): never {
  throw new FlowError(code, message);
}

/**
 * A value as a message shows it: a text quoted and cut short (a hostile
 * megabyte-long key never makes a megabyte-long message), a number as it is,
 * anything else by its kind.
 */
export function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? value.slice(0, 59) + "…" : value);
  if (typeof value === "function") return "a function";
  if (typeof value !== "object" || !value) return String(value);
  return Array.isArray(value) ? "a list" : "an object";
}

/** `"a", "b", "c"`, for messages that list what would have been valid: at most 20 of them. */
export function list(items: readonly unknown[]): string {
  return (
    items.slice(0, 20).map(show).join(", ") + (items.length > 20 ? ", …" : "")
  );
}
