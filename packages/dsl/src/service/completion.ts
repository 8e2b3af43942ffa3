import type { FlowDocument } from "./document.js";
import { cursorContext, type CursorContext } from "./cursor.js";
import { ARROW, KEYWORD_TABLE, type KeywordInfo, PRIORITIES, START } from "./keywords.js";
import { CompletionKind, type LspCompletionItem, type LspCompletionKind, type LspPosition, type LspRange } from "./types.js";

/**
 * Completion by context: statement keywords where a statement goes, ticket
 * properties inside a ticket, `option` inside an ask, node names and
 * `start` after `->`, input names after `{` in a text, priorities after
 * `priority`. Names come from the last good parse of the file; context from
 * the characters before the cursor (cursor.ts), so a half-typed line works.
 */
export function completions(doc: FlowDocument, position: LspPosition): LspCompletionItem[] {
  const text = doc.result.source.text;
  const offset = doc.positions.offset(position);
  const ctx = cursorContext(text, offset);
  if (ctx.where === "comment") return [];
  if (ctx.where === "text") {
    if (ctx.placeholderFrom < 0) return [];
    return inputItems(doc, doc.positions.range({ start: ctx.placeholderFrom, end: ctx.word.end }));
  }
  const replace = doc.positions.range(ctx.word);
  const prev = ctx.previous[ctx.previous.length - 1];
  if (prev?.kind === "arrow") return nodeItems(doc, replace);
  if (prev?.kind === "word") {
    if (prev.image === "priority") return keywordItems(PRIORITIES, replace, CompletionKind.EnumMember);
    // A name is being written after these: nothing to offer.
    if (["flow", "input", "node", "field", "attach", "ask", "option", "ticket", "queue"].includes(prev.image)) {
      return [];
    }
  }
  return keywordItems(keywordsFor(ctx, text), replace, CompletionKind.Keyword);
}

function keywordsFor(ctx: CursorContext, text: string): KeywordInfo[] {
  const byRole = (...roles: KeywordInfo["role"][]) => KEYWORD_TABLE.filter((k) => roles.includes(k.role));
  switch (ctx.block) {
    case "ticket": {
      const items = byRole("ticket");
      if (afterFieldLabel(ctx, text)) items.unshift(...byRole("modifier"));
      return items;
    }
    case "ask":
      return byRole("ask");
    case "node":
    case "option":
    case "other":
      return [...byRole("statement"), ARROW];
    case "top": {
      if (!ctx.seenFlow) return byRole("header").filter((k) => k.word === "flow");
      if (ctx.seenNode) return byRole("node");
      const header = ctx.seenStatement ? [] : byRole("header").filter((k) => k.word === "input");
      return [...byRole("statement"), ARROW, ...header, ...byRole("node")];
    }
  }
}

/** `field id "Label" |` or `attach id "Label" |` on one line: `required` fits here. */
function afterFieldLabel(ctx: CursorContext, text: string): boolean {
  const [a, b, c] = ctx.previous.length >= 3 ? ctx.previous.slice(-3) : [undefined, undefined, undefined];
  if (a?.kind !== "word" || b?.kind !== "word" || c?.kind !== "text") return false;
  if (a.image !== "field" && a.image !== "attach") return false;
  return !text.slice(c.end, ctx.word.start).includes("\n");
}

function keywordItems(words: readonly KeywordInfo[], replace: LspRange, kind: LspCompletionKind): LspCompletionItem[] {
  return words.map((k, i) => ({
    label: k.word,
    kind,
    detail: k.description,
    documentation: { kind: "markdown", value: k.description },
    textEdit: { range: replace, newText: k.word },
    sortText: String(i).padStart(3, "0"),
  }));
}

function nodeItems(doc: FlowDocument, replace: LspRange): LspCompletionItem[] {
  const items: LspCompletionItem[] = [];
  for (const [name, node] of doc.index.nodes) {
    const line = doc.positions.position(node.id.span.start).line + 1;
    items.push({
      label: name,
      kind: CompletionKind.Function,
      detail: `node ${name} (line ${line})`,
      textEdit: { range: replace, newText: name },
      sortText: `0${name}`,
    });
  }
  items.push({
    label: START.word,
    kind: CompletionKind.Keyword,
    detail: START.description,
    documentation: { kind: "markdown", value: START.description },
    textEdit: { range: replace, newText: START.word },
    sortText: "1start",
  });
  return items;
}

function inputItems(doc: FlowDocument, replace: LspRange): LspCompletionItem[] {
  const items: LspCompletionItem[] = [];
  for (const [name, input] of doc.index.inputs) {
    const label = input.label?.raw;
    items.push({
      label: name,
      kind: CompletionKind.Variable,
      detail: label !== undefined ? `input ${name} “${label}”` : `input ${name}`,
      textEdit: { range: replace, newText: name },
    });
  }
  return items;
}
