import type { Result } from "@flowc/runtime";

/** The runtime's types, as the views use them (untyped flows: any ask id, any key). */
export type {
  AnySession as Session,
  AskView as Ask,
  InputDef,
  MatchedCase,
  Output,
  TicketOutput,
} from "@flowc/runtime";

/** What a conversation went through, in order: answered questions, matches passed, outputs. */
export type Transcript = Result["transcript"];
