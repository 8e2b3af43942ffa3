/**
 * @flowc/views — the agent's view of a playing flow, as DOM: the start form,
 * the conversation (the question, answered questions, outputs: note, say,
 * todo) and the ticket form. Shared by the agent console (examples/agent-console) and the studio's
 * preview (packages/studio), so a flow looks the same in both. Plain DOM, no
 * framework; it imports only @flowc/runtime's types. Styles: `@flowc/views/style.css`.
 */
export { h, type Child } from "./dom.js";
export type { Ask, InputDef, MatchedCase, Output, Session, TicketOutput, Transcript } from "./session.js";
export { renderConversation, type ConversationAction, type ConversationView } from "./conversation.js";
export { paragraphs, renderTextOutput } from "./outputs.js";
export { renderAnswered, renderMatched, renderQuestion, SELECT_THRESHOLD } from "./question.js";
export {
  renderTicket,
  validateTicket,
  type TicketHandlers,
  type TicketProblem,
  type TicketState,
} from "./ticket.js";
export { inputValueText, renderStartForm } from "./start-form.js";
