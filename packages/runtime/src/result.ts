import { history, stepOf } from "./session.js";
import type {
  AnsweredAsk,
  AnySession,
  MatchedCase,
  Output,
  Result,
  TicketOutput,
} from "./types.js";

/** What happened so far: outputs, what to say, tickets to file, and the full transcript (answers and matches too). */
export function result(session: AnySession): Result {
  const transcript: (Output | AnsweredAsk | MatchedCase)[] = [];
  for (const step of history(stepOf(session))) {
    if (step.answered) transcript.push(step.answered);
    for (const entry of step.transcript) transcript.push(entry);
  }
  const { outputs } = session;
  return Object.freeze({
    status: session.status,
    path: session.path,
    outputs,
    says: Object.freeze(
      outputs.flatMap((output) => (output.kind === "say" ? [output.text] : [])),
    ),
    tickets: Object.freeze(
      outputs.filter(
        (output): output is TicketOutput => output.kind === "ticket",
      ),
    ),
    transcript: Object.freeze(transcript),
  });
}
