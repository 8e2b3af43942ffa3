import type { FlowDocument } from "./document.js";
import { matchAt } from "./occurrences.js";
import { cursorContext, type CursorContext } from "./cursor.js";
import { ARROW, KEYWORD_TABLE, type KeywordInfo, PRIORITIES, START } from "./keywords.js";
import { CompletionKind, type LspCompletionItem, type LspCompletionKind, type LspPosition, type LspRange } from "./types.js";

/**
 * Completion by context: statement keywords where a statement goes, ticket
 * properties inside a ticket, `option` inside an ask, `value` inside a
 * choice input's braces, `case` and `else` inside a match, the input's
 * values not yet taken after `case` (and after a comma in a case), choice
 * inputs after `match`, node names and `start` after `->`, input names
 * after `{` in a text, priorities after `priority`. Names come from the last good parse of the file; context from
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
  if (ctx.block === "match" && (prev?.image === "case" || prev?.image === ",")) {
    return valueItems(doc, ctx.blockName, ctx.word, replace);
  }
  if (prev?.kind === "word") {
    if (prev.image === "priority") return keywordItems(PRIORITIES, replace, CompletionKind.EnumMember);
    if (prev.image === "match") return choiceInputItems(doc, replace);
    // A name is being written after these: nothing to offer.
    if (["flow", "input", "node", "field", "attach", "ask", "option", "ticket", "queue", "value", "else"].includes(prev.image)) {
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
    case "input":
      return byRole("input");
    case "match":
      return byRole("match");
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

/** The values of the matched input that no case of this match names yet. */
function valueItems(
  doc: FlowDocument,
  input: string,
  word: { readonly start: number; readonly end: number },
  replace: LspRange,
): LspCompletionItem[] {
  const values = doc.index.inputs.get(input)?.values;
  if (values == null) return [];
  const taken = new Set<string>();
  const match = matchAt(doc.index, word.start);
  if (match !== undefined && !match.input.missing && match.input.name === input) {
    for (const c of match.cases) {
      for (const v of c.values) {
        // The word being typed is not taken yet: it is what completion replaces.
        if (v.span.start <= word.end && word.start <= v.span.end) continue;
        taken.add(v.name);
      }
    }
  }
  const items: LspCompletionItem[] = [];
  for (const v of values) {
    if (v.id.missing || taken.has(v.id.name)) continue;
    taken.add(v.id.name);
    const label = v.label?.raw;
    items.push({
      label: v.id.name,
      kind: CompletionKind.EnumMember,
      detail: label !== undefined ? `value ${v.id.name} “${label}” of ${input}` : `value ${v.id.name} of ${input}`,
      textEdit: { range: replace, newText: v.id.name },
      sortText: String(items.length).padStart(3, "0"),
    });
  }
  return items;
}

/** The inputs a `match` can branch on: those that list their values. */
function choiceInputItems(doc: FlowDocument, replace: LspRange): LspCompletionItem[] {
  const items: LspCompletionItem[] = [];
  for (const [name, input] of doc.index.inputs) {
    if (input.values === null) continue;
    const values = input.values.filter((v) => !v.id.missing).map((v) => v.id.name);
    items.push({
      label: name,
      kind: CompletionKind.Variable,
      detail: `input ${name}${input.label !== null ? ` “${input.label.raw}”` : ""}: ${values.join(", ")}`,
      textEdit: { range: replace, newText: name },
    });
  }
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
