/**
 * A request the studio refuses, with the HTTP status and the error code the
 * browser gets as `{ "error": code, "message": message }`. Thrown by the
 * request handlers and turned into a response in one place (http.ts);
 * anything else thrown is a bug, answered with a plain 500 and no details.
 */
export class StudioRequestError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 409 | 413,
    readonly code: string,
    message: string,
    /** More fields for the body (the file's `mtime` on a 409). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "StudioRequestError";
  }
}
