import { fail, list, show, type FlowErrorCode } from "./errors.js";
import type { FlowDefinition } from "./definition.js";
import { isObject, own } from "./util.js";

/** The input values of a conversation, by input name. */
export type Inputs = ReadonlyMap<string, string>;

/**
 * Takes a text for every input the flow declares from `given` (own
 * properties only; undefined and null give none), one of its values for a
 * choice input. `call` names the function for messages, and `missing` says
 * how to supply an input that is not there, which depends on the call:
 * start() or restore(). A value of `given` that a choice input does not list
 * is `unlisted` (restore() onto a changed flow makes a saved one a
 * restore-mismatch); one of `more` is always invalid-input.
 */
export function takeInputs(
  flow: FlowDefinition,
  call: string,
  given: unknown,
  missing: (name: string, names: string) => string,
  more?: unknown,
  unlisted: FlowErrorCode = "invalid-input",
): Inputs {
  const declared = flow.inputs.map((input) => input.name);
  for (const value of [given, more])
    if (value !== undefined && value !== null && !isObject(value))
      fail(
        "invalid-input",
        `${call} takes inputs as an object of texts ({ ${show(declared[0] ?? "name")}: "…" }), not ${show(value)}.`,
      );
  const inputs = new Map<string, string>();
  for (const { name, values } of flow.inputs) {
    // `more` gives only what `given` lacks (restore(): the saved values win).
    let value = given ? own(given, name) : undefined;
    let code = unlisted;
    if (value === undefined && more) {
      value = own(more, name);
      code = "invalid-input"; // the caller's own value, not a saved one
    }
    if (value === undefined)
      fail("missing-input", missing(name, list(declared)));
    if (typeof value !== "string")
      fail(
        "invalid-input",
        `Input ${show(name)} must be a text, not ${show(value)}.`,
      );
    if (values && !values.some((v) => v.id === value))
      fail(
        code,
        `Input ${show(name)} has no value ${show(value)}. Valid: ${list(values.map((v) => v.id))}.`,
      );
    inputs.set(name, value);
  }
  return inputs;
}

/** What a `{placeholder}` shows for each input: its text, or the label of a choice input's value (its id without one). */
export function placeholderTexts(
  flow: FlowDefinition,
  inputs: Inputs,
): Inputs {
  const texts = new Map(inputs);
  for (const { name, values } of flow.inputs) {
    const value = values?.find((v) => v.id === inputs.get(name));
    if (value) texts.set(name, value.label ?? value.id);
  }
  return texts;
}
