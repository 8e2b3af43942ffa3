/** The runtime's types, as the views use them (untyped flows: any ask id, any key). */
export type {
  AnySession as Session,
  AskView as Ask,
  InputDef,
  MatchedCase,
  Output,
  TicketOutput,
} from "@flowc/runtime";
