import { chain, node } from "./session.js";
import type {
  AnsweredAsk,
  AnySession,
  Output,
  Result,
  TicketOutput,
} from "./types.js";
import { F } from "./util.js";

/** What happened so far: outputs, what to say, tickets to file, and the full transcript. */
export function result(session: AnySession): Result {
  const n = node(session);
  const { outputs } = session;
  return F({
    status: session.status,
    path: session.path,
    outputs,
    says: F(outputs.flatMap((x) => (x.kind == "say" ? [x.text] : []))),
    tickets: F(outputs.filter((x): x is TicketOutput => x.kind == "ticket")),
    transcript: F(
      chain(n).flatMap((m): readonly (Output | AnsweredAsk)[] =>
        m.x.t ? [m.x.t, ...m.x.e] : m.x.e,
      ),
    ),
  });
}
