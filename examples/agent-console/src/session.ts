/** The runtime's types, as this app uses them (untyped flows: any ask id, any key). */
export type {
  AnySession as Session,
  AskView as Ask,
  Output,
  TicketOutput,
} from "@flowc/runtime";
