import type {
  AskStatement,
  FlowFile,
  OptionDecl,
  Statement,
  Text,
  TicketStatement,
} from "../ast/types.js";
import type { Span } from "../diagnostics.js";

/**
 * Source-order traversal of the statements of one owner — the entry (`owner`
 * -1) or node `owner` of `file` — option bodies included, with an explicit
 * stack: 1,000 nesting levels or 100,000 statements never touch the call
 * stack. Walking the entry, then each node in order, visits every statement
 * of the file in source order.
 */
export function walkOwner(file: FlowFile, owner: number, visit: (stmt: Statement) => void): void {
  // Each open statement list, and the index of its next statement.
  const lists: (readonly Statement[])[] = [owner < 0 ? file.entry : file.nodes[owner]!.body];
  const next: number[] = [0];
  while (lists.length > 0) {
    const top = lists.length - 1;
    const current = lists[top]!;
    const i = next[top]!;
    if (i >= current.length) {
      lists.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const stmt = current[i]!;
    visit(stmt);
    if (stmt.kind === "Ask") {
      // Push bodies last-first so the first option's body is visited next.
      for (let k = stmt.options.length - 1; k >= 0; k--) {
        const body = stmt.options[k]!.body;
        if (body !== null && body.length > 0) {
          lists.push(body);
          next.push(0);
        }
      }
    }
  }
}

/**
 * Every text a statement holds itself, in source order: a say's, note's or
 * todo's text; a ticket's title, queue and field and attachment labels; an
 * ask's question and its options' labels (not the statements in option
 * bodies: the walk above visits those). Placeholders are checked, renamed and
 * folded over exactly these.
 */
export function statementTexts(stmt: Statement): Text[] {
  switch (stmt.kind) {
    case "Say":
    case "Note":
    case "Todo":
      return [stmt.text];
    case "Ticket": {
      const texts = [stmt.title];
      for (const prop of stmt.props ?? []) {
        if (prop.kind === "Queue") texts.push(prop.text);
        else if (prop.kind === "Field" || prop.kind === "Attach") texts.push(prop.label);
      }
      return texts;
    }
    case "Ask":
      return [stmt.text, ...stmt.options.map((option) => option.label)];
    case "Goto":
    case "End":
      return [];
    default: {
      // A new statement kind says here which texts it holds.
      const unhandled: never = stmt;
      throw new Error(`statementTexts: unhandled statement ${(unhandled as { kind: string }).kind}`);
    }
  }
}

/** The option's key: its id, or its label exactly as written. Null when recovery lost it. */
export function optionKey(option: OptionDecl): string | null {
  if (option.id !== null) return option.id.missing ? null : option.id.name;
  return option.label.missing ? null : option.label.raw;
}

function endOf(...ends: (number | undefined)[]): number {
  let e = 0;
  for (const x of ends) if (x !== undefined && x > e) e = x;
  return e;
}

/** `ask [id] "text"`: the part of an ask worth underlining (not its whole body). */
export function askHead(ask: AskStatement): Span {
  const end = endOf(ask.span.start + 3, ask.id?.span.end, ask.text.span.end);
  return { start: ask.span.start, end: Math.min(end, ask.span.end) };
}

/** `option [id] "label" [-> target]`: without the body. */
export function optionHead(option: OptionDecl): Span {
  const end = endOf(
    option.span.start + 6,
    option.id?.span.end,
    option.label.span.end,
    option.target?.span.end,
  );
  return { start: option.span.start, end: Math.min(end, option.span.end) };
}

function ticketHead(ticket: TicketStatement): Span {
  const end = endOf(ticket.span.start + 6, ticket.id?.span.end, ticket.title.span.end);
  return { start: ticket.span.start, end: Math.min(end, ticket.span.end) };
}

/** A statement's first line, roughly: the head of an ask or ticket, else the whole statement. */
export function statementHead(stmt: Statement): Span {
  if (stmt.kind === "Ask") return askHead(stmt);
  if (stmt.kind === "Ticket") return ticketHead(stmt);
  return stmt.span;
}
