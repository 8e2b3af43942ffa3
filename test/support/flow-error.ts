import { FlowError } from "@flowc/runtime";
import { expect } from "vitest";

/** The FlowError that `f` throws; fails the test when it throws something else or nothing. */
export function thrown(f: () => unknown): FlowError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FlowError);
    return e as FlowError;
  }
  throw new Error("expected a FlowError, nothing was thrown");
}
