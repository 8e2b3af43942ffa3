/**
 * The closed set of problems the runtime reports. The code is stable (match on
 * it); the message is for people and lists what would have been valid.
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
  | "restore-mismatch";

/** The one error class of @flowc/runtime: misuse by the host app, never a content problem. */
export class FlowError extends Error {
  // `declare`: no class-field helper in the bundle; set in the constructor.
  declare readonly code: FlowErrorCode;
  constructor(code: FlowErrorCode, message: string) {
    super(message);
    this.name = "FlowError";
    (this as { code: FlowErrorCode }).code = code;
  }
}

/** Throws; typed `never` so it also works inside expressions. */
export const fail = (code: FlowErrorCode, message: string): never => {
  throw new FlowError(code, message);
};

/** `"a", "b", "c"` — for messages that list what would have been valid. */
export const list = (items: readonly string[]): string =>
  `"${items.join('", "')}"`;
