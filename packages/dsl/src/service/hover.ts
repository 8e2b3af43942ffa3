import type { AskStatement, OptionDecl } from "../ast/types.js";
import type { Span } from "../diagnostics.js";
import type { FlowDocument } from "./document.js";
import { cursorContext } from "./cursor.js";
import { keywordInfo } from "./keywords.js";
import { type AskInfo, occurrenceAt, occurrencesOf, valueDecl } from "./occurrences.js";
import { shortestChoices } from "./reach.js";
import type { LspHover, LspPosition } from "./types.js";

/**
 * Hover: on an ask, its id (explicit or derived), its options and the
 * shortest choices that reach it; on a node, the jumps that lead to it; on
 * a placeholder or input, the input's label (and its values); on a value
 * (declared or named by a case), its label and the cases that take it; on a
 * keyword, its description.
 */
export function hover(doc: FlowDocument, position: LspPosition): LspHover | null {
  const offset = doc.positions.offset(position);
  const at = occurrenceAt(doc.index, offset);
  if (at !== undefined) {
    switch (at.kind) {
      case "node":
        return answer(doc, at.span, nodeHover(doc, at.name));
      case "input":
        return answer(doc, at.span, inputHover(doc, at.name));
      case "value":
        return answer(doc, at.span, valueHover(doc, at.input ?? "", at.name));
      case "start":
        return answer(doc, at.span, `**start** — ${keywordInfo("start")!.description}`);
      case "ask": {
        const ask = doc.index.asks.find((a) => a.decl.id?.span === at.span);
        if (ask !== undefined) return answer(doc, at.span, askHover(doc, ask));
        break;
      }
      case "option": {
        const option = doc.index.options.find((o) => o.decl.id?.span === at.span);
        if (option !== undefined) return answer(doc, at.span, optionHover(doc, option.decl, option.ask));
        break;
      }
    }
  }
  const ctx = cursorContext(doc.result.source.text, offset);
  if (ctx.where !== "code" || ctx.word.start === ctx.word.end) return null;
  const word = doc.result.source.text.slice(ctx.word.start, ctx.word.end);
  if (word === "ask") {
    const ask = doc.index.asks.find((a) => a.decl.span.start === ctx.word.start);
    if (ask !== undefined) return answer(doc, ctx.word, askHover(doc, ask));
  }
  const info = keywordInfo(word);
  if (info === undefined || word === "start") return null;
  return answer(doc, ctx.word, `**${word}** — ${info.description}`);
}

function answer(doc: FlowDocument, span: Span, markdown: string): LspHover {
  return { contents: { kind: "markdown", value: markdown }, range: doc.positions.range(span) };
}

function lineOf(doc: FlowDocument, offset: number): number {
  return doc.positions.position(offset).line + 1;
}

function nodeHover(doc: FlowDocument, name: string): string {
  const decl = doc.index.nodes.get(name);
  const head = decl === undefined ? `**node** \`${name}\` — not defined in this file` : `**node** \`${name}\``;
  const jumps = doc.index.occurrences.filter((o) => o.kind === "node" && o.name === name && !o.isDecl);
  if (jumps.length === 0) return `${head}\n\nNo jump leads here.`;
  const shown = jumps.slice(0, 10).map((j) => `- line ${lineOf(doc, j.span.start)}`);
  if (jumps.length > 10) shown.push(`- … and ${jumps.length - 10} more`);
  return `${head}\n\nReached by ${jumps.length} jump${jumps.length === 1 ? "" : "s"}:\n${shown.join("\n")}`;
}

function inputHover(doc: FlowDocument, name: string): string {
  const decl = doc.index.inputs.get(name);
  if (decl === undefined) return `**input** \`${name}\` — not declared (add \`input ${name} "…"\` under the \`flow\` line)`;
  const uses = occurrencesOf(doc.index, { kind: "input", name, span: decl.id.span, isDecl: true }).filter((o) => !o.isDecl);
  const texts = uses.filter((o) => !doc.index.matches.some((m) => m.input.span === o.span)).length;
  const matches = uses.length - texts;
  const label = decl.label !== null ? ` — “${decl.label.raw}”` : "";
  const lines = [`**input** \`${name}\`${label}`, ""];
  if (decl.values === null) {
    lines.push(`Used in ${texts} text${texts === 1 ? "" : "s"}; the host passes its value to start().`);
    return lines.join("\n");
  }
  lines.push(
    `A choice input: the host passes one of its values to start(); used in ${matches} match${matches === 1 ? "" : "es"} ` +
      `and ${texts} text${texts === 1 ? "" : "s"}.`,
    "",
    "Values:",
  );
  for (const v of decl.values) {
    if (!v.id.missing) lines.push(`- \`${v.id.name}\`${v.label !== null ? ` “${v.label.raw}”` : ""}`);
  }
  return lines.join("\n");
}

function valueHover(doc: FlowDocument, input: string, name: string): string {
  const decl = valueDecl(doc.index, input, name);
  if (decl === undefined) {
    const known = doc.index.inputs.get(input)?.values;
    const list = known?.filter((v) => !v.id.missing).map((v) => `\`${v.id.name}\``) ?? [];
    return (
      `**value** \`${name}\` — not a value of the input \`${input}\`` +
      (list.length > 0 ? `\n\nIts values: ${list.join(", ")}` : "")
    );
  }
  const label = decl.label !== null ? ` — “${decl.label.raw}”` : "";
  const cases = occurrencesOf(doc.index, { kind: "value", name, input, span: decl.id.span, isDecl: true }).filter((o) => !o.isDecl);
  const where =
    cases.length === 0
      ? "No case names it."
      : `Named by ${cases.length} case${cases.length === 1 ? "" : "s"}: ${cases
          .slice(0, 10)
          .map((c) => `line ${lineOf(doc, c.span.start)}`)
          .join(", ")}${cases.length > 10 ? ", …" : ""}`;
  return `**value** \`${name}\` of input \`${input}\`${label}\n\n${where}`;
}

const pathCache = new WeakMap<FlowDocument, (readonly string[] | null)[]>();

function askHover(doc: FlowDocument, ask: AskInfo): string {
  const lines: string[] = [];
  if (ask.id === null) lines.push("**ask** (its id was lost to a syntax error)");
  else if (ask.explicit) lines.push(`**ask** \`${ask.id}\``);
  else {
    lines.push(
      `**ask** \`${ask.id}\` (derived id)`,
      "",
      "Derived ids move when an ask is inserted before this one in its node, and saved sessions replay by id: " +
        `give it an explicit id (\`ask name "…"\`) to keep them stable.`,
    );
  }
  lines.push("", `“${ask.decl.text.raw}”`, "", "Options:");
  for (const option of ask.decl.options) lines.push(`- ${optionLine(option)}`);
  if (ask.graph !== null) {
    let paths = pathCache.get(doc);
    if (paths === undefined) {
      paths = shortestChoices(doc.result.graph);
      pathCache.set(doc, paths);
    }
    const path = paths[doc.result.graph.asks.indexOf(ask.graph)] ?? null;
    lines.push("");
    if (path === null) lines.push("No choice from the start reaches this ask.");
    else if (path.length === 1) lines.push("Asked first: no choice is needed to reach it.");
    else lines.push(`Reached by: ${path.map((k) => `\`${k}\``).join(" → ")}`);
  }
  return lines.join("\n");
}

function optionLine(option: OptionDecl): string {
  const key = option.id !== null && !option.id.missing ? `\`${option.id.name}\` ` : "";
  const where =
    option.target !== null ? ` → \`${option.target.name}\`` : option.body !== null ? " { … }" : " (goes on after the ask)";
  return `${key}“${option.label.raw}”${where}`;
}

function optionHover(doc: FlowDocument, option: OptionDecl, ask: AskStatement): string {
  const info = doc.index.asks.find((a) => a.decl === ask);
  const askId = info?.id !== null && info?.id !== undefined ? ` of ask \`${info.id}\`` : "";
  return `**option**${askId}: ${optionLine(option)}\n\nSaved sessions replay choices by this key.`;
}
