import type {
  AskStatement,
  CaseDecl,
  ElseDecl,
  FlowFile,
  MatchStatement,
  OptionDecl,
  Statement,
  TicketStatement,
} from "../ast/types.js";
import type { Span } from "../diagnostics.js";

/**
 * Source-order traversal of the statements of one owner — the entry (`owner`
 * -1) or node `owner` of `file` — option and case bodies included, with an explicit
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
    // Push bodies last-first so the first option's (or case's) body is visited next.
    const branches: readonly { readonly body: readonly Statement[] | null }[] =
      stmt.kind === "Ask" ? stmt.options : stmt.kind === "Match" ? branchesOf(stmt) : [];
    for (let k = branches.length - 1; k >= 0; k--) {
      const body = branches[k]!.body;
      if (body !== null && body.length > 0) {
        lists.push(body);
        next.push(0);
      }
    }
  }
}

/** A match's cases, then its `else`. */
export function branchesOf(match: MatchStatement): readonly (CaseDecl | ElseDecl)[] {
  return match.else === null ? match.cases : [...match.cases, match.else];
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

/** `match input`: without the cases. */
export function matchHead(match: MatchStatement): Span {
  const end = endOf(match.span.start + 5, match.input.span.end);
  return { start: match.span.start, end: Math.min(end, match.span.end) };
}

/** `case a, b [-> target]` or `else [-> target]`: without the body. */
export function branchHead(branch: CaseDecl | ElseDecl): Span {
  const values = branch.kind === "Case" ? branch.values : [];
  const end = endOf(
    branch.span.start + 4,
    values[values.length - 1]?.span.end,
    branch.target?.span.end,
  );
  return { start: branch.span.start, end: Math.min(end, branch.span.end) };
}

/** A statement's first line, roughly: the head of an ask, ticket or match, else the whole statement. */
export function statementHead(stmt: Statement): Span {
  if (stmt.kind === "Ask") return askHead(stmt);
  if (stmt.kind === "Ticket") return ticketHead(stmt);
  if (stmt.kind === "Match") return matchHead(stmt);
  return stmt.span;
}
