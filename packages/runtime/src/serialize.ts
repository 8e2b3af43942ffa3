import type { FlowDefinition } from "./definition.js";
import { fail, list, show } from "./errors.js";
import { takeInputs } from "./inputs.js";
import { load } from "./load.js";
import {
  MAX_CHOICES,
  conversation,
  fill,
  runStep,
  history,
  optionIndex,
  sessionAt,
  stepAfter,
  stepOf,
  tooManyChoices,
  type Step,
} from "./session.js";
import type {
  AnySession,
  AskMap,
  InputMap,
  RestoreOptions,
  SavedCase,
  SavedChoice,
  SerializedSession,
  Session,
} from "./types.js";
import { isObject } from "./util.js";

/** A small JSON-safe value that restore() turns back into the same session. */
export function serialize(session: AnySession): SerializedSession {
  const last = stepOf(session);
  const { flow, inputs } = last.conversation;
  const choices: SavedChoice[] = [];
  const cases: SavedCase[] = [];
  for (const step of history(last)) {
    const { answered } = step;
    // A derived id names whichever question is at that place now: its text tells them apart.
    if (answered)
      choices.push(
        step.previous!.ask!.derivedId
          ? [answered.id, answered.option, answered.text]
          : [answered.id, answered.option],
      );
    for (const entry of step.transcript)
      if (entry.kind === "match")
        cases.push([entry.input, ...(entry.case ?? [])]);
  }
  return {
    v: 2,
    flow: flow.id,
    hash: flow.hash,
    // fromEntries defines own properties, so an input named "__proto__" stays data.
    inputs: Object.fromEntries(inputs),
    choices,
    ...(cases.length > 0 && { cases }),
  };
}

function notSaved(what: string): never {
  return fail(
    "invalid-session",
    `Not a saved session from serialize(): ${what}.`,
  );
}

const isText = (value: unknown) => typeof value === "string";

/** A saved case as messages show it: `case "company" of "client_type"`, or its else. */
const describe = ([input, ...values]: readonly unknown[]) =>
  values.length > 0
    ? `case ${list(values)} of ${show(input)}`
    : `the else of ${show(input)}`;

/**
 * Rebuilds a serialized session by replaying its choices. When the flow
 * changed since (another hash), each choice must still meet the same
 * question — the same id, and for a question without an id of its own the
 * same text — and that question must still have the key, and each match on
 * the way must take the case it took then; the first one that does not is a
 * `restore-mismatch`, so a restore never silently lands somewhere else.
 * `options.inputs` gives inputs the saved session lacks. Version 1 values
 * (choices without question texts) are read too.
 */
export function restore<I extends InputMap, A extends AskMap>(
  flow: FlowDefinition<I, A>,
  data: unknown,
  options?: RestoreOptions<NoInfer<I>>,
): Session<A>;
export function restore(
  flow: FlowDefinition,
  data: unknown,
  options?: RestoreOptions,
): AnySession {
  const loaded = load(flow);
  const { id, hash } = loaded;
  if (isText(data)) notSaved("a JSON text; JSON.parse it first");
  const saved = isObject(data) ? data : {};
  const { inputs: savedInputs, choices, cases = [] } = saved;
  if (
    (saved.v !== 1 && saved.v !== 2) ||
    !isText(saved.flow) ||
    !isText(saved.hash) ||
    !isObject(savedInputs) ||
    !Array.isArray(choices)
  )
    notSaved("no v, flow, hash, inputs or choices");
  if (!Array.isArray(cases)) notSaved("cases is not a list");
  if (saved.flow !== id)
    fail(
      "flow-mismatch",
      `The session was saved for flow ${show(saved.flow)}, not ${show(id)}.`,
    );
  // Before any work: a hostile session can hold millions of choices.
  if (choices.length > MAX_CHOICES) tooManyChoices(choices.length);
  // Same hash: the data itself is wrong (tampered, truncated). Another hash: the flow changed.
  const changed = saved.hash !== hash;
  const mismatch = changed ? "restore-mismatch" : "invalid-session";
  const inputs = takeInputs(
    loaded,
    "restore()",
    savedInputs,
    (name) =>
      `Input ${show(name)} is missing from the saved session: give it in restore(flow, data, { inputs }).`,
    options?.inputs,
    // A value the flow no longer lists: it changed under the saved session.
    changed ? "restore-mismatch" : "invalid-input",
  );
  let passed = 0; // the saved cases met so far
  /** Each match `step` passed must take the case saved for it. */
  const sameCases = (step: Step): Step => {
    for (const entry of step.transcript) {
      if (entry.kind !== "match") continue;
      const now = [entry.input, ...(entry.case ?? [])];
      const was: unknown = cases[passed++];
      if (JSON.stringify(was) !== JSON.stringify(now))
        fail(
          mismatch,
          `Cannot restore: match ${passed} ${Array.isArray(was) ? `took ${describe(was)}` : "was not there"}, but the flow now takes ${describe(now)} (${show(entry.input)} is ${show(entry.value)}).`,
        );
    }
    return step;
  };
  let step = sameCases(runStep(conversation(loaded, inputs), loaded.entry));
  for (let i = 0; i < choices.length; i++) {
    const choice: unknown = choices[i];
    if (
      !Array.isArray(choice) ||
      choice.length < 2 ||
      choice.length > 3 ||
      !choice.every(isText)
    )
      notSaved(`choices[${i}] is not [ask id, key, ask text?]`);
    const [askId, key, text] = choice as string[];
    const where = `Cannot restore: choice ${i + 1} answered ${show(askId)}`;
    const { ask } = step;
    if (!ask || ask.id !== askId)
      fail(
        mismatch,
        `${where}, but the flow now reaches ${ask ? show(ask.id) : "its end"} there.`,
      );
    // A question without an id of its own is known by its place and its text.
    if (text !== undefined && ask.derivedId) {
      const asked = fill(ask.text, step.conversation.texts);
      if (asked !== text)
        fail(
          mismatch,
          `${where} (${show(text)}), which now asks ${show(asked)}.`,
        );
    }
    step = sameCases(
      stepAfter(step, optionIndex(ask, key, mismatch, `${where}, but now: `)),
    );
  }
  if (passed < cases.length)
    fail(
      mismatch,
      `Cannot restore: the saved session passed ${cases.length} matches, the flow now ${passed}.`,
    );
  return sessionAt(step);
}
