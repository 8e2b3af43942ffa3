import type {
  AskDef,
  CaseDef,
  FieldDef,
  FlowDefinition,
  MatchDef,
  NextDef,
  OutputDef,
  TextTemplate,
} from "./definition.js";
import { fail, list, show, type FlowErrorCode } from "./errors.js";
import { placeholderTexts, takeInputs, type Inputs } from "./inputs.js";
import { broken, caseOf, load, optionIndexOf } from "./load.js";
import type {
  AnsweredAsk,
  AnySession,
  AskMap,
  AskingSession,
  AskView,
  InputMap,
  InputsArg,
  MatchedCase,
  Output,
  PathStep,
  Session,
  TicketField,
} from "./types.js";
import { isIndex, isObject } from "./util.js";

/**
 * The most choices one session may hold. choose() refuses to go further and
 * restore() refuses a longer saved session before replaying any of it: a
 * conversation is a few dozen choices, and this bounds what a session held in
 * memory, or sent by a client to a server, can cost. (docs/security.md)
 */
export const MAX_CHOICES = 10_000;

export function tooManyChoices(count: number): never {
  return fail(
    "too-many-choices",
    `A session holds at most ${MAX_CHOICES} choices, not ${count}: start a new one.`,
  );
}

/** What stays the same through a conversation: the flow and the inputs it started with. */
export interface Conversation {
  readonly flow: FlowDefinition;
  readonly inputs: Inputs;
  /** What each input's `{placeholder}` shows: a choice input's value label. */
  readonly texts: Inputs;
}

export const conversation = (
  flow: FlowDefinition,
  inputs: Inputs,
): Conversation => ({ flow, inputs, texts: placeholderTexts(flow, inputs) });

/**
 * One step of a conversation's history: what ran from a choice (or from the
 * start) up to the next question or the end. Each step links to the one
 * before, so a session holds its own history and nothing else — no other
 * session, no cache shared between conversations.
 */
export interface Step {
  readonly conversation: Conversation;
  readonly previous: Step | undefined;
  /** How many choices led here. */
  readonly choices: number;
  /** The question answered to get here and the option chosen; none for the first step. */
  readonly answered: AnsweredAsk | undefined;
  /** What this step emitted, placeholders filled in. */
  readonly outputs: readonly Output[];
  /** The same with each match passed in its place (`outputs` itself when it passed none). */
  readonly transcript: readonly (Output | MatchedCase)[];
  /** The question it stops at, or undefined when the flow has finished. */
  readonly ask: AskDef | undefined;
}

/**
 * The step behind each session made by this runtime. Weak: it keeps no
 * session alive, and a copy of a session (spread, JSON, structuredClone) is
 * never mistaken for one.
 */
const steps = new WeakMap<object, Step>();

/** The step behind a session made by this runtime, or a FlowError that says what went wrong. */
export function stepOf(session: unknown): Step {
  return (
    steps.get(session as object) ??
    fail(
      "invalid-session",
      isObject(session) && "status" in session
        ? "A copied session cannot go on: save sessions with serialize() and restore()."
        : `Not a session from start(), choose() or restore(): ${show(session)}.`,
    )
  );
}

export function fill(text: TextTemplate, texts: Inputs): string {
  if (typeof text === "string") return text;
  let filled = "";
  for (const part of text)
    filled += typeof part === "string" ? part : texts.get(part.input);
  return filled;
}

function askView(ask: AskDef, texts: Inputs): AskView {
  const { id, text, options } = ask;
  return Object.freeze({
    id,
    text: fill(text, texts),
    options: Object.freeze(
      options.map((option) =>
        Object.freeze({ key: option.key, text: fill(option.text, texts) }),
      ),
    ),
  });
}

function ticketFields(
  fields: readonly FieldDef[],
  texts: Inputs,
): readonly TicketField[] {
  return Object.freeze(
    fields.map((field) =>
      Object.freeze({
        id: field.id,
        label: fill(field.label, texts),
        required: field.required,
      }),
    ),
  );
}

function output(def: OutputDef, texts: Inputs): Output {
  if (def.kind !== "ticket")
    return Object.freeze({ kind: def.kind, text: fill(def.text, texts) });
  const ticket: Record<string, unknown> = {
    kind: def.kind,
    id: def.id,
    title: fill(def.title, texts),
  };
  // Only when the flow sets them, as documented.
  if (def.queue !== undefined) ticket.queue = fill(def.queue, texts);
  if (def.priority !== undefined) ticket.priority = def.priority;
  ticket.fields = ticketFields(def.fields, texts);
  ticket.attachments = ticketFields(def.attachments, texts);
  return Object.freeze(ticket) as unknown as Output;
}

/** A match passed, as the transcript shows it: the input's value and the case it took (null: the else). */
function matchedCase(
  { inputs, texts }: Conversation,
  { input }: MatchDef,
  taken: CaseDef | undefined,
): MatchedCase {
  return Object.freeze({
    kind: "match",
    input,
    value: inputs.get(input)!,
    label: texts.get(input)!,
    case: taken ? Object.freeze(taken.values.slice()) : null,
  });
}

/**
 * The step that runs the blocks and matches from `next` up to a question or
 * the end: the first one, or the one after `previous`'s question was
 * `answered`. A loop of jumps (which the compiler never makes) is stopped: a
 * step runs each block and each match at most once.
 */
export function runStep(
  conversation: Conversation,
  next: NextDef,
  previous?: Step,
  answered?: AnsweredAsk,
): Step {
  const { flow, inputs, texts } = conversation;
  const { blocks, matches } = flow;
  const transcript: (Output | MatchedCase)[] = [];
  let matched = false;
  for (let runs = 0; "block" in next || "match" in next; runs++) {
    if (runs === blocks.length + matches.length)
      broken(
        "block" in next ? `blocks[${next.block}]` : `matches[${next.match}]`,
        "its jumps loop forever",
      );
    if ("match" in next) {
      const match = matches[next.match]!;
      const taken = caseOf(match, inputs.get(match.input)!);
      transcript.push(matchedCase(conversation, match, taken));
      // The flow was checked: a value without a case has an else to go to.
      next = taken ? taken.next : match.else!;
      matched = true;
      continue;
    }
    const block = blocks[next.block]!;
    for (const def of block.outputs) transcript.push(output(def, texts));
    next = block.next;
  }
  Object.freeze(transcript);
  return {
    conversation,
    previous,
    choices: previous ? previous.choices + 1 : 0,
    answered,
    outputs: matched
      ? Object.freeze(
          transcript.filter((entry): entry is Output => entry.kind !== "match"),
        )
      : (transcript as Output[]),
    transcript,
    ask: "ask" in next ? flow.asks[next.ask] : undefined,
  };
}

/** The step after choosing option number `index` at the question where `step` stops. */
export function stepAfter(step: Step, index: number): Step {
  const { texts } = step.conversation;
  const ask = step.ask!;
  const option = ask.options[index]!;
  return runStep(
    step.conversation,
    option.next,
    step,
    Object.freeze({
      kind: "ask",
      id: ask.id,
      text: fill(ask.text, texts),
      option: option.key,
      answer: fill(option.text, texts),
    }),
  );
}

/**
 * The index of the option `key` names at `ask`: a key, or a whole number
 * taken as a 0-based index. Else a FlowError that lists the valid keys,
 * after `context` (which says where, for restore()).
 */
export function optionIndex(
  ask: AskDef,
  key: unknown,
  code: FlowErrorCode,
  context = "",
): number {
  const { id, options } = ask;
  const index =
    typeof key === "string"
      ? optionIndexOf(ask, key)
      : isIndex(key, options)
        ? (key as number)
        : undefined;
  if (index !== undefined) return index;
  if (isObject(key) && "key" in key)
    fail(code, "Pass the option's key to choose(): option.key.");
  return fail(
    code,
    `${context}Question ${show(id)} has no option ${show(key)}. Valid: ${list(options.map((o) => o.key))} or 0-${options.length - 1}.`,
  );
}

/** The steps from the first to `step`, oldest first. */
export function history(step: Step): Step[] {
  const steps: Step[] = [];
  for (let at: Step | undefined = step; at; at = at.previous) steps.push(at);
  return steps.reverse();
}

/**
 * The session at `step`: its outputs and path gathered from its history,
 * frozen, with only the documented properties as its own (what JSON, spread,
 * structuredClone and deep equality see).
 */
export function sessionAt(step: Step): AnySession {
  const outputs: Output[] = [];
  const path: PathStep[] = [];
  for (const at of history(step)) {
    if (at.answered)
      path.push(
        Object.freeze({ ask: at.answered.id, option: at.answered.option }),
      );
    for (const output of at.outputs) outputs.push(output);
  }
  const ask = step.ask && askView(step.ask, step.conversation.texts);
  const session = Object.freeze({
    status: ask ? "asking" : "done",
    askId: ask ? ask.id : null,
    ask: ask || null,
    outputs: Object.freeze(outputs),
    path: Object.freeze(path),
  }) as AnySession;
  steps.set(session, step);
  return session;
}

/** Starts a flow: runs the first step, up to the first question or the end. */
export function start<I extends InputMap, A extends AskMap>(
  flow: FlowDefinition<I, A>,
  ...inputs: InputsArg<NoInfer<I>>
): Session<A>;
export function start(flow: FlowDefinition, given?: unknown): AnySession {
  const loaded = load(flow);
  const inputs = takeInputs(
    loaded,
    "start()",
    given,
    (name, all) => `Input ${show(name)} is missing: start() needs ${all}.`,
  );
  return sessionAt(runStep(conversation(loaded, inputs), loaded.entry));
}

/** Answers the current question with an option key (or its 0-based index) and runs the next step. */
export function choose<A extends AskMap, Id extends keyof A & string>(
  session: AskingSession<A, Id>,
  key: A[Id] | number,
): Session<A>;
export function choose(session: AnySession, key: unknown): AnySession {
  const step = stepOf(session);
  if (!step.ask)
    fail(
      "session-done",
      "The flow has finished: use back(), restart() or start().",
    );
  if (step.choices >= MAX_CHOICES) tooManyChoices(step.choices + 1);
  return sessionAt(
    stepAfter(step, optionIndex(step.ask, key, "unknown-option")),
  );
}

/** Undoes the last choice; at the first question returns the same session. */
export function back<A extends AskMap>(session: AnySession<A>): Session<A>;
export function back(session: AnySession): AnySession {
  const { previous } = stepOf(session);
  return previous ? sessionAt(previous) : session;
}

/** Starts over with the same inputs; at the first question returns the same session. */
export function restart<A extends AskMap>(session: AnySession<A>): Session<A>;
export function restart(session: AnySession): AnySession {
  const step = stepOf(session);
  return step.previous ? sessionAt(history(step)[0]!) : session;
}
