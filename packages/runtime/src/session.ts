import type {
  AskDef,
  FlowDefinition,
  NextDef,
  OutputDef,
  TextTemplate,
} from "./definition.js";
import { fail, list, type FlowErrorCode } from "./errors.js";
import { load, no, plays } from "./load.js";
import type {
  AnsweredAsk,
  AnySession,
  AskMap,
  AskingSession,
  AskView,
  InputsArg,
  Output,
  PathStep,
  Session,
  TicketField,
} from "./types.js";
import { F } from "./util.js";

type Inputs = Readonly<Record<string, string>>;

/**
 * A flow played with one set of input values. Everything a step shows
 * depends only on the flow and the inputs, so each step (its outputs, the
 * view of the ask it stops at, the answer that led to it) is made once here,
 * frozen, and shared by every session that takes it: a choice then costs a
 * lookup, not a rebuild.
 */
interface Play {
  readonly f: FlowDefinition;
  readonly i: Inputs;
  /** The first step. */
  readonly s: Step;
}

/** One step: what it emits, the ask it stops at, and the choice that led to it. */
interface Step {
  readonly e: readonly Output[];
  /** The ask it stops at and its view (none at the end). */
  readonly d: AskDef | undefined;
  readonly v: AskView | null;
  /** The answer and path step of the choice (none for the first step). */
  readonly t?: AnsweredAsk;
  readonly p?: PathStep;
  /** The steps after each option of the ask, made when first chosen. */
  readonly o: Step[];
}

/**
 * The hidden side of a session. Nodes link to the one before through `p`.
 * The session value (`s`) is made on demand: choose() extends the one before
 * it, while restore() replays every choice without making the sessions in
 * between, so its cost stays linear. Every node is made with all four fields
 * (0 for none), in this order, by the three literals in start(), after() and
 * restore(): setting `s` later on a node without it would change the node's
 * shape, which made every choice about a quarter slower. (One shared
 * constructor function costs 8 bytes over the 2 KB budget.)
 */
export interface Node {
  readonly c: Play;
  readonly p: Node | 0;
  readonly x: Step;
  s: AnySession | 0;
}

/** The node behind a session made by this runtime, or a FlowError. */
export let node: (s: unknown) => Node;
/**
 * The newest session, kept only so that at least one is always alive. V8
 * drops the hidden classes of session values at a full GC when no session is
 * left (a server that restores, chooses and serializes per request has none
 * between requests), and with them the optimised code of start, choose and
 * this class: the next choices then ran about twice as slow until it was
 * optimised again.
 */
let last: unknown;

/**
 * A session value: frozen, with only the documented properties as its own
 * (what JSON, spread, structuredClone and deep equality see). It is a class
 * only so that its node hides in a private field: a non-enumerable property
 * costs several times more to attach than the whole rest of a choice.
 */
class SessionValue {
  declare status: "asking" | "done";
  declare askId: string | null;
  declare ask: AskView | null;
  declare outputs: readonly Output[];
  declare path: readonly PathStep[];
  #n: Node;
  constructor(n: Node, outputs: readonly Output[], path: readonly PathStep[]) {
    const ask = n.x.v;
    this.status = ask ? "asking" : "done";
    this.askId = ask && ask.id;
    this.ask = ask;
    this.outputs = F(outputs);
    this.path = F(path);
    this.#n = n;
    n.s = last = F(this) as AnySession;
  }

  static {
    node = (s) =>
      #n in Object(s)
        ? (s as SessionValue).#n
        : fail(
            "invalid-session",
            "Not a session from start(), choose() or restore().",
          );
  }
}

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
  for (let m: Node | 0 = n; m; m = m.p) all.push(m);
  return all.reverse();
}

/** Runs the blocks from `to` until an ask or the end. */
function run(f: FlowDefinition, i: Inputs, to: NextDef): Step {
  const { blocks } = f;
  const e: Output[] = [];
  // Checked flows never loop without reaching an ask or the end; a hand-made
  // definition might, and must not hang the host: a step visits each block once.
  for (let guard = 0; "block" in to; to = blocks[to.block]!.next) {
    if (guard++ > blocks.length) no("blocks", "free of loops");
    for (const x of blocks[to.block]!.outputs) e.push(output(x, i));
  }
  // An end has no `ask`: asks[undefined] is nothing.
  const ask = f.asks[(to as { ask: number }).ask];
  return {
    e: F(e),
    d: ask,
    o: [],
    v: ask
      ? F({
          id: ask.id,
          text: fill(ask.text, i),
          options: F(
            ask.options.map((o) => F({ key: o.key, text: fill(o.text, i) })),
          ),
        })
      : null,
  };
}

/**
 * The session value of `n`, made once. Walks the whole chain, so choose()
 * does not need it: it extends the session before.
 */
export function session(n: Node): AnySession {
  if (n.s) return n.s;
  const all = chain(n);
  return new SessionValue(
    n,
    all.flatMap((m) => m.x.e),
    all.flatMap((m) => m.x.p || []),
  ) as never;
}

/**
 * The play of `flow` with `given` inputs. The last play of each flow is kept:
 * a host that starts the same flow again with the same inputs (the next
 * customer, a restart after a reload) finds every text already made.
 */
export function play(flow: unknown, given: unknown): Play {
  const f = load(flow);
  let c = plays.get(f) as Play | 0;
  // Own enumerable properties only: `constructor` or `__proto__` never come
  // from a prototype; fromEntries defines them as own data, never as a
  // prototype. (Object(x) makes null, undefined or a string harmless.)
  const g = new Map(Object.entries(Object(given)));
  const i: Inputs = F(
    Object.fromEntries(
      f.inputs.map(({ name }) => {
        const v = g.get(name);
        if (typeof v != "string")
          fail(
            v === undefined ? "missing-input" : "invalid-input",
            `Input "${name}" must be a text; inputs: ${list(f.inputs.map((x) => x.name))}.`,
          );
        if (c && c.i[name] !== v) c = 0;
        return [name, v as string];
      }),
    ),
  );
  if (!c) plays.set(f, (c = { f, i, s: run(f, i, f.entry) }));
  return c;
}

/** Starts a flow: runs the first step, up to the first ask or the end. */
export function start<I extends string, A extends AskMap>(
  flow: FlowDefinition<I, A>,
  ...inputs: InputsArg<NoInfer<I>>
): Session<A>;
export function start(flow: FlowDefinition, given?: unknown): AnySession {
  const c = play(flow, given);
  return new SessionValue({ c, p: 0, x: c.s, s: 0 }, c.s.e, []) as never;
}

/** The node after choosing `key` (option key or index) at the ask of `n`; a FlowError lists the valid keys. */
export function after(
  n: Node,
  key: unknown,
  code: FlowErrorCode,
  at = "",
): Node {
  const { c, x } = n;
  const ask = x.v!;
  const { options } = ask;
  const type = typeof key;
  // A string is a key, a number an index (1.5 or -1 find nothing); nothing else is either.
  let o = type == "number" ? (key as number) : -1;
  if (type == "string")
    for (let j = 0; j < options.length; j++) if (options[j]!.key === key) o = j;
  const chosen = options[o];
  if (!chosen)
    fail(
      code,
      `${at}Question "${ask.id}" has no option ${type == "string" ? `"${key}"` : type == "number" ? key : type}. Valid: ${list(options.map((x) => x.key))} or 0-${options.length - 1}.`,
    );
  return {
    c,
    p: n,
    x: (x.o[o] ||= {
      ...run(c.f, c.i, x.d!.options[o]!.next),
      t: F({
        kind: "ask",
        id: ask.id,
        text: ask.text,
        option: chosen!.key,
        answer: chosen!.text,
      }),
      p: F({ ask: ask.id, option: chosen!.key }),
    }),
    s: 0,
  };
}

/** Answers the current ask with an option key (or its 0-based index) and runs the next step. */
export function choose<A extends AskMap, Id extends keyof A & string>(
  session: AskingSession<A, Id>,
  key: A[Id] | number,
): Session<A>;
export function choose(s: AnySession, key: unknown): AnySession {
  const n = node(s);
  if (!n.x.d)
    fail("session-done", "The flow has finished. Use back() or restart().");
  const m = after(n, key, "unknown-option");
  return new SessionValue(m, [...s.outputs, ...m.x.e], [...s.path, m.x.p!]) as never;
}

/** Undoes the last choice; at the first question returns the same session. */
export function back<A extends AskMap>(session: AnySession<A>): Session<A>;
export function back(s: AnySession): AnySession {
  const n = node(s);
  return session(n.p || n);
}

/** Starts over with the same inputs. */
export function restart<A extends AskMap>(session: AnySession<A>): Session<A>;
export function restart(s: AnySession): AnySession {
  return session(chain(node(s))[0]!);
}
