/**
 * What survives a page reload, per flow: the serialized session (from the
 * runtime's `serialize`), the inputs it was started with, and the state of
 * the ticket forms on the page. Kept in localStorage under one key per flow.
 */

import type { TicketState } from "@flowc/views";

export type { TicketState };

export interface SavedConversation {
  readonly version: 1;
  readonly flowId: string;
  readonly inputs: Readonly<Record<string, string>>;
  /** Whatever `serialize(session)` returned: opaque to the app. */
  readonly session: unknown;
  /** By the ticket's index in `session.outputs`. */
  readonly tickets: Readonly<Record<number, TicketState>>;
}

const PREFIX = "flowc.agent-console.v1";
const conversationKey = (flowId: string) => `${PREFIX}.conversation.${flowId}`;
const CURRENT_KEY = `${PREFIX}.current-flow`;
const TICKET_COUNTER_KEY = `${PREFIX}.ticket-counter`;

export type LoadResult =
  | { readonly kind: "none" }
  | { readonly kind: "saved"; readonly saved: SavedConversation }
  | { readonly kind: "corrupt" };

export function loadConversation(flowId: string): LoadResult {
  const raw = safeGet(conversationKey(flowId));
  if (raw === null) return { kind: "none" };
  try {
    const value = JSON.parse(raw) as Partial<SavedConversation> | null;
    if (
      value === null ||
      typeof value !== "object" ||
      value.version !== 1 ||
      value.flowId !== flowId ||
      typeof value.inputs !== "object" ||
      value.inputs === null
    ) {
      return { kind: "corrupt" };
    }
    return {
      kind: "saved",
      saved: {
        version: 1,
        flowId,
        inputs: value.inputs,
        session: value.session,
        tickets:
          typeof value.tickets === "object" && value.tickets !== null
            ? value.tickets
            : {},
      },
    };
  } catch {
    return { kind: "corrupt" };
  }
}

export function saveConversation(saved: SavedConversation): void {
  safeSet(conversationKey(saved.flowId), JSON.stringify(saved));
}

export function forgetConversation(flowId: string): void {
  try {
    localStorage.removeItem(conversationKey(flowId));
  } catch {
    // Storage unavailable (private mode, quota): the page still works, it just will not survive a reload.
  }
}

export function hasConversation(flowId: string): boolean {
  return safeGet(conversationKey(flowId)) !== null;
}

export function loadCurrentFlow(): string | null {
  return safeGet(CURRENT_KEY);
}

export function saveCurrentFlow(flowId: string): void {
  safeSet(CURRENT_KEY, flowId);
}

/** Ticket numbers on this machine: 1, 2, 3… (there is no real ticket system behind the demo). */
export function nextTicketNumber(): number {
  const n = Number(safeGet(TICKET_COUNTER_KEY) ?? "0");
  const next = (Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0) + 1;
  safeSet(TICKET_COUNTER_KEY, String(next));
  return next;
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // See forgetConversation.
  }
}
