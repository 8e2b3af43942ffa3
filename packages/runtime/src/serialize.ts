import type { FlowDefinition } from "./definition.js";
import { FlowError, fail } from "./errors.js";
import { chain, node, after, play, session, type Node } from "./session.js";
import type {
  AnySession,
  AskMap,
  SerializedSession,
  Session,
} from "./types.js";
import { load } from "./load.js";
import { isObj } from "./util.js";

/** A small JSON-safe value that restore() turns back into the same session. */
export function serialize(session: AnySession): SerializedSession {
  const n = node(session);
  return {
    v: 1,
    flow: n.c.f.id,
    hash: n.c.f.hash,
    // fromEntries defines own properties, so an input named "__proto__" stays data.
    inputs: Object.fromEntries(Object.entries(n.c.i)),
    choices: chain(n).flatMap((m) =>
      m.x.p ? [[m.x.p.ask, m.x.p.option] as const] : [],
    ),
  };
}

/**
 * Rebuilds a serialized session by replaying its choices as (ask id, key)
 * pairs. When the flow changed since (another hash), the replay must still
 * meet the same asks and keys; the first one that does not is an error, so a
 * restore never silently lands somewhere else.
 */
export function restore<I extends string, A extends AskMap>(
  flow: FlowDefinition<I, A>,
  data: unknown,
): Session<A>;
export function restore(flow: FlowDefinition, data: unknown): AnySession {
  const x = (isObj(data) ? data : {}) as Partial<
    Record<keyof SerializedSession, unknown>
  >;
  const bad = (what: string): never =>
    fail("invalid-session", `Not a saved session (from serialize()): ${what}.`);
  const { id, hash } = load(flow);
  if (x.v !== 1 || typeof x.flow != "string") bad("no v: 1 or no flow id");
  if (x.flow !== id)
    fail(
      "flow-mismatch",
      `The session was saved for flow "${x.flow}", not "${id}".`,
    );
  if (
    typeof x.hash != "string" ||
    !isObj(x.inputs) ||
    !Array.isArray(x.choices)
  )
    bad("hash, inputs or choices missing");
  // Same hash: the data itself is wrong (tampered, truncated). Other hash: the flow changed.
  const code = x.hash === hash ? "invalid-session" : "restore-mismatch";
  const at = "Cannot restore the session: ";
  let n: Node;
  try {
    const c = play(flow, x.inputs);
    n = { c, p: 0, x: c.s, s: 0 };
  } catch (e) {
    throw new FlowError(code, at + (e as Error).message);
  }
  (x.choices as string[][]).forEach((c, j) => {
    if (
      !Array.isArray(c) ||
      c.length != 2 ||
      typeof c[0] != "string" ||
      typeof c[1] != "string"
    )
      bad(`choices[${j}] is not [ask id, option key]`);
    const where = `${at}choice ${j + 1} answered question "${c[0]}", `;
    const asked = n.x.d?.id;
    if (asked !== c[0])
      fail(
        code,
        `${where}but the flow now reaches ${asked ? `question "${asked}"` : "its end"} there.`,
      );
    n = after(n, c[1], code, where + "but now: ");
  });
  return session(n!);
}
