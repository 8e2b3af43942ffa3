import type {
  FlowDefinition,
  NextDef,
  OutputDef,
  TextTemplate,
} from "./definition.js";
import { fail, list, type FlowErrorCode } from "./errors.js";
import { load, no } from "./load.js";
import type {
  AnsweredAsk,
  AnySession,
  AskMap,
  AskingSession,
  InputsArg,
  Output,
  Session,
  TicketField,
} from "./types.js";
import { F } from "./util.js";

type Inputs = Readonly<Record<string, string>>;

/**
 * The hidden side of a session, kept under a private symbol (not enumerable:
 * invisible to JSON, spread, structuredClone and deep equality). Sessions link
 * to the one before through `p`. A choice builds what its step emits (the
 * answer, the outputs, the next ask) and copies the references of the
 * outputs and path so far into new arrays (the objects in them are shared):
 * linear in the session's length, which is small in practice, and measured
 * cheaper than lazily joined arrays behind getters (bench/runtime.bench.mjs).
 */
export interface Node {
  readonly f: FlowDefinition;
  /** Declared inputs only, as own properties; shared by the whole chain. */
  readonly i: Inputs;
  /** The session before the last choice (none for the first). */
  readonly p: Node | undefined;
  /** The ask waiting for a choice, or -1 when done. */
  readonly a: number;
  /** The answer that led here (none for the first session). */
  readonly t: AnsweredAsk | undefined;
  /** What this step emitted. */
  readonly e: readonly Output[];
  readonly s: AnySession;
}

const N = Symbol();

/** The node behind a session made by this runtime, or a FlowError. */
export const node = (s: unknown): Node =>
  (s as { [N]?: Node } | null)?.[N] ||
  fail("invalid-session", "Not a session from start(), choose() or restore().");

const fill = (t: TextTemplate, i: Inputs): string =>
  typeof t == "string"
    ? t
    : t.map((p) => (typeof p == "string" ? p : i[p.input])).join("");

function output(o: OutputDef, i: Inputs): Output {
  const fields = (
    fs: readonly { id: string; label: TextTemplate; required: boolean }[],
  ) =>
    F(
      fs.map((x): TicketField =>
        F({ id: x.id, label: fill(x.label, i), required: x.required }),
      ),
    );
  return F(
    o.kind == "ticket"
      ? {
          kind: o.kind,
          id: o.id,
          title: fill(o.title, i),
          ...(o.queue != null && { queue: fill(o.queue, i) }),
          ...(o.priority && { priority: o.priority }),
          fields: fields(o.fields),
          attachments: fields(o.attachments),
        }
      : { kind: o.kind, text: fill(o.text, i) },
  );
}

/** Nodes from the first session to `n`, oldest first. */
export function chain(n: Node): Node[] {
  const all: Node[] = [];
  for (let m: Node | undefined = n; m; m = m.p) all.push(m);
  return all.reverse();
}

/** The answers on the way to `n`. */
export const answers = (n: Node): AnsweredAsk[] =>
  chain(n).flatMap((m) => (m.t ? [m.t] : []));

/** Runs one step from `to` (outputs until an ask or the end) and makes its session. */
function step(
  f: FlowDefinition,
  i: Inputs,
  p: Node | undefined,
  t: AnsweredAsk | undefined,
  to: NextDef,
): AnySession {
  const { blocks } = f;
  const e: Output[] = [];
  // Checked flows never loop without reaching an ask or the end; a hand-made
  // definition might, and must not hang the host: a step visits each block once.
  for (let guard = 0; "block" in to; to = blocks[to.block]!.next) {
    if (guard++ > blocks.length) no("blocks", "free of loops");
    for (const x of blocks[to.block]!.outputs) e.push(output(x, i));
  }
  const a = "ask" in to ? to.ask : -1;
  const ask = f.asks[a];
  const view = ask
    ? F({
        id: ask.id,
        text: fill(ask.text, i),
        options: F(
          ask.options.map((o) => F({ key: o.key, text: fill(o.text, i) })),
        ),
      })
    : null;
  const s = {
    status: view ? "asking" : "done",
    askId: view && view.id,
    ask: view,
    outputs: F(p ? p.s.outputs.concat(e) : e),
    path: F(p ? p.s.path.concat(F({ ask: t!.id, option: t!.option })) : []),
  } as AnySession;
  const n: Node = { f, i, p, a, t, e: F(e), s };
  Object.defineProperty(s, N, { value: n });
  F(s);
  return s;
}

function inputs(f: FlowDefinition, given: unknown): Inputs {
  const names = f.inputs.map((x) => x.name);
  // Own enumerable properties only: `constructor` or `__proto__` never come
  // from a prototype; fromEntries defines them as own data, never as a
  // prototype. (Object(x) makes null, undefined or a string harmless.)
  const g = new Map(Object.entries(Object(given)));
  return F(
    Object.fromEntries(
      names.map((name) => {
        const v = g.get(name);
        return typeof v == "string"
          ? [name, v]
          : fail(
              v === undefined ? "missing-input" : "invalid-input",
              `Input "${name}" must be a text; inputs: ${list(names)}.`,
            );
      }),
    ),
  );
}

/** Starts a flow: runs the first step, up to the first ask or the end. */
export function start<I extends string, A extends AskMap>(
  flow: FlowDefinition<I, A>,
  ...inputs: InputsArg<NoInfer<I>>
): Session<A>;
export function start(flow: FlowDefinition, given?: unknown): AnySession {
  const f = load(flow);
  return step(f, inputs(f, given), undefined, undefined, f.entry);
}

/** The session after choosing `key` (option key or index) at the ask of `n`; a FlowError lists the valid keys. */
export function after(
  n: Node,
  key: unknown,
  code: FlowErrorCode,
  at = "",
): AnySession {
  const s = n.s as AskingSession;
  const { options } = s.ask;
  // A string is a key, a number an index (1.5 or -1 find nothing); nothing else is either.
  const o =
    typeof key == "string"
      ? options.findIndex((x) => x.key === key)
      : typeof key == "number"
        ? key
        : -1;
  const x = options[o];
  if (!x)
    fail(
      code,
      `${at}Question "${s.askId}" has no option ${typeof key == "string" ? `"${key}"` : typeof key == "number" ? key : typeof key}. Valid: ${list(options.map((x) => x.key))} or 0-${options.length - 1}.`,
    );
  const t = F({
    kind: "ask",
    id: s.askId,
    text: s.ask.text,
    option: x!.key,
    answer: x!.text,
  }) as AnsweredAsk;
  return step(n.f, n.i, n, t, n.f.asks[n.a]!.options[o]!.next);
}

/** Answers the current ask with an option key (or its 0-based index) and runs the next step. */
export function choose<A extends AskMap, Id extends keyof A & string>(
  session: AskingSession<A, Id>,
  key: A[Id] | number,
): Session<A>;
export function choose(session: AnySession, key: unknown): AnySession {
  const n = node(session);
  if (n.a < 0)
    fail("session-done", "The flow has finished. Use back() or restart().");
  return after(n, key, "unknown-option");
}

/** Undoes the last choice; at the first question returns the same session. */
export function back<A extends AskMap>(session: AnySession<A>): Session<A>;
export function back(session: AnySession): AnySession {
  const n = node(session);
  return (n.p || n).s;
}

/** Starts over with the same inputs. */
export function restart<A extends AskMap>(session: AnySession<A>): Session<A>;
export function restart(session: AnySession): AnySession {
  return chain(node(session))[0]!.s;
}
