import type { FlowFile, InputDecl, Priority } from "../ast/types.js";
import type { FlowGraph, GraphNext, GraphOutput } from "../check/index.js";
import { outputOf } from "./outputs.js";
import { resolveEmptyBlocks } from "./resolve.js";

/**
 * Every distinct way through a flow, from the start to a finish: the questions
 * with the answer taken, and everything the agent is shown on the way. Made
 * for review: a committed paths file shows, in a pull request's diff, exactly
 * which conversations an edit changed.
 *
 * - Options are followed in source order, depth first, so the order is stable.
 * - A `match` splits the path by the input's value: one way on per case
 *   (and one for `else`, taken by the values no case names), each marked by
 *   a step `input = value` that lists the values it stands for. The value is
 *   then known: a later match on the same input on that path takes only
 *   its branches for those values. `inputs` fixes a value from the start.
 * - Loops are followed once: a path that would come back to a question it has
 *   already been through stops there (`end.kind === "loop"`).
 * - Texts are shown as written, placeholders as `{name}`.
 * - The walk is iterative and capped (10,000 paths, 200,000 items by
 *   default): past a cap it stops and says so instead of running for ever on
 *   a flow whose ways through grow exponentially.
 *
 * Works on any checked flow, errors included: a jump to a node that does not
 * exist or an endless loop of jumps ends a path and says so. Pure: no I/O.
 */

export type PathsFormat = "text" | "md" | "json";

export interface PathsInput {
  readonly file: FlowFile;
  readonly graph: FlowGraph;
}

export interface PathsOptions {
  /** Stop after this many paths (default 10,000). */
  readonly maxPaths?: number;
  /** Stop once the paths hold this many items in all (default 200,000): no one reviews more. */
  readonly maxItems?: number;
  /**
   * Values of choice inputs: only the paths these values lead to. A value
   * the input does not list leads nowhere (the caller checks them first).
   */
  readonly inputs?: Readonly<Record<string, string>>;
}

export interface PathValue {
  readonly id: string;
  readonly label: string | null;
}

export interface PathField {
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
}

export type PathItem =
  /** A question and the answer taken: ask id and text, option key and label. */
  | {
      readonly kind: "ask";
      readonly ask: string;
      readonly question: string;
      readonly option: string;
      readonly answer: string;
    }
  /**
   * A match took the branch of these values of a choice input (the values
   * still possible on this path that the branch stands for; none for a match
   * on an input that lists no values).
   */
  | {
      readonly kind: "match";
      readonly input: string;
      readonly values: readonly PathValue[];
      /** The branch was the match's `else`. */
      readonly else: boolean;
    }
  | { readonly kind: "say" | "note" | "todo"; readonly text: string }
  | {
      readonly kind: "ticket";
      readonly id: string | null;
      readonly title: string;
      readonly queue?: string;
      readonly priority?: Priority;
      readonly fields: readonly PathField[];
      readonly attachments: readonly PathField[];
    };

export type PathEnd =
  /** The flow finishes (`end`, or running off the end of a node or the entry). */
  | { readonly kind: "finish" }
  /** The path comes back to a question it has already been through. */
  | { readonly kind: "loop"; readonly ask: string; readonly question: string }
  /** A jump to a node that does not exist (an `undefined-target` error). */
  | { readonly kind: "missing-node"; readonly target: string }
  /** Jumps that go round in a circle for ever (a `no-exit` error). */
  | { readonly kind: "jump-loop" }
  /** A question with no options (only after a syntax error). */
  | { readonly kind: "no-options"; readonly ask: string; readonly question: string }
  /** A match with no case for the input's values on this path (a `non-exhaustive-match` error). */
  | { readonly kind: "no-case"; readonly input: string };

export interface PathEntry {
  /** The option keys chosen, in order (what `flowc run --choose` takes). */
  readonly choices: readonly string[];
  readonly items: readonly PathItem[];
  readonly end: PathEnd;
}

export interface PathList {
  readonly format: "flowc-paths";
  readonly version: 1;
  /** The id after `flow`. */
  readonly flow: string;
  readonly title: string | null;
  readonly count: number;
  /** Null when every path is listed; else which cap stopped the walk. */
  readonly truncated: null | { readonly reason: "paths" | "size"; readonly limit: number };
  readonly paths: readonly PathEntry[];
}

export const DEFAULT_MAX_PATHS = 10_000;
export const DEFAULT_MAX_ITEMS = 200_000;

type StepEnd =
  | { readonly kind: "ask"; readonly ask: number }
  | { readonly kind: "match"; readonly match: number }
  | { readonly kind: "end"; readonly end: PathEnd };

/** One way on from a match: where it leads and the values that take it. */
interface Branch {
  /** Null: no case takes these values. */
  readonly next: GraphNext | null;
  readonly values: readonly string[];
  readonly else: boolean;
}

type Frame =
  | {
      readonly kind: "ask";
      readonly ask: number;
      option: number;
      readonly items: number;
      readonly choices: number;
    }
  | {
      readonly kind: "match";
      readonly match: number;
      readonly branches: readonly Branch[];
      branch: number;
      readonly items: number;
      readonly choices: number;
      /** The input's possible values before the match (restored when the frame is left). */
      readonly before: readonly string[] | undefined;
    };

export function findPaths(input: PathsInput, options: PathsOptions = {}): PathList {
  const { file, graph } = input;
  const maxPaths = Math.max(1, options.maxPaths ?? DEFAULT_MAX_PATHS);
  const maxItems = Math.max(1, options.maxItems ?? DEFAULT_MAX_ITEMS);
  const resolved = resolveEmptyBlocks(graph, false);
  const outputCache = new Map<GraphOutput, PathItem>();
  const itemOf = (o: GraphOutput): PathItem => {
    let item = outputCache.get(o);
    if (item === undefined) {
      item = outputItem(o);
      outputCache.set(o, item);
    }
    return item;
  };

  // The values each choice input may still have on the current path.
  const declared = new Map<string, InputDecl>();
  for (const decl of file.inputs) {
    if (!decl.id.missing && !declared.has(decl.id.name)) declared.set(decl.id.name, decl);
  }
  const possible = new Map<string, readonly string[]>();
  for (const [name, decl] of declared) {
    if (decl.values === null) continue;
    const values = [...new Set(decl.values.filter((v) => !v.id.missing).map((v) => v.id.name))];
    // Own keys only: an input may be called `constructor`, which every object inherits.
    const inputs = options.inputs;
    const given = inputs !== undefined && Object.hasOwn(inputs, name) ? inputs[name] : undefined;
    possible.set(name, given === undefined ? values : values.filter((v) => v === given));
  }
  const labelOf = (inputName: string, value: string): string | null =>
    declared.get(inputName)?.values?.find((v) => v.id.name === value)?.label?.raw ?? null;

  const items: PathItem[] = [];
  const choices: string[] = [];
  const paths: PathEntry[] = [];
  let total = 0;
  let truncated: PathList["truncated"] = null;
  const onPath = new Uint8Array(graph.asks.length);
  // Blocks run in the current step, marked with the step's number: a block met
  // twice in one step is an endless loop of jumps.
  const seenInStep = new Int32Array(graph.blocks.length).fill(-1);
  let stepNo = 0;

  /** Run from `next` until a question, a match or a finish, adding the outputs to `items`. */
  const step = (start: GraphNext): StepEnd => {
    stepNo++;
    let next = start.kind === "block" ? resolved[start.block]! : start;
    for (;;) {
      switch (next.kind) {
        case "ask":
          return { kind: "ask", ask: next.ask };
        case "match":
          return { kind: "match", match: next.match };
        case "end":
          return { kind: "end", end: { kind: "finish" } };
        case "unknown":
          return {
            kind: "end",
            end: { kind: "missing-node", target: next.target.missing ? "" : next.target.name },
          };
        case "block": {
          const b = next.block;
          if (seenInStep[b] === stepNo) return { kind: "end", end: { kind: "jump-loop" } };
          seenInStep[b] = stepNo;
          const block = graph.blocks[b]!;
          for (const o of block.outputs) items.push(itemOf(o));
          next = block.next.kind === "block" ? resolved[block.next.block]! : block.next;
          break;
        }
      }
    }
  };

  /** The ways on from a match for the values its input may still have, in case order. */
  const branchesOf = (m: number): Branch[] => {
    const match = graph.matches[m]!;
    const allowed = possible.get(match.input);
    const taken = new Set<string>();
    const branches: Branch[] = [];
    for (const c of match.cases) {
      // A value named twice (a duplicate-case error) goes where the runtime sends it: the first case.
      const values = allowed === undefined ? c.values : c.values.filter((v) => allowed.includes(v) && !taken.has(v));
      for (const v of values) taken.add(v);
      if (values.length > 0 || allowed === undefined) branches.push({ next: c.next, values, else: false });
    }
    const rest = allowed === undefined ? [] : allowed.filter((v) => !taken.has(v));
    if (match.else !== null) {
      if (rest.length > 0 || allowed === undefined) branches.push({ next: match.else.next, values: rest, else: true });
    } else if (rest.length > 0) {
      branches.push({ next: null, values: rest, else: false });
    }
    return branches;
  };

  const finishPath = (end: PathEnd): boolean => {
    total += items.length + 1;
    paths.push({ choices: choices.slice(), items: items.slice(), end });
    if (paths.length >= maxPaths) truncated = { reason: "paths", limit: maxPaths };
    else if (total >= maxItems) truncated = { reason: "size", limit: maxItems };
    return truncated === null;
  };

  const stack: Frame[] = [];
  /** Handle where a step stopped; false when a cap was reached. */
  const arrive = (r: StepEnd): boolean => {
    if (r.kind === "end") return finishPath(r.end);
    if (r.kind === "match") {
      // Back at a match with no question answered since: the jumps go round for ever.
      for (let i = stack.length - 1; i >= 0 && stack[i]!.kind === "match"; i--) {
        const f = stack[i]!;
        if (f.kind === "match" && f.match === r.match) return finishPath({ kind: "jump-loop" });
      }
      const branches = branchesOf(r.match);
      const inputName = graph.matches[r.match]!.input;
      stack.push({
        kind: "match",
        match: r.match,
        branches,
        branch: 0,
        items: items.length,
        choices: choices.length,
        before: possible.get(inputName),
      });
      return true;
    }
    const ask = graph.asks[r.ask]!;
    if (onPath[r.ask]) {
      return finishPath({ kind: "loop", ask: ask.id, question: ask.decl.text.raw });
    }
    if (ask.options.length === 0) {
      return finishPath({ kind: "no-options", ask: ask.id, question: ask.decl.text.raw });
    }
    onPath[r.ask] = 1;
    stack.push({ kind: "ask", ask: r.ask, option: 0, items: items.length, choices: choices.length });
    return true;
  };

  let going = arrive(step(graph.entry));
  while (going && stack.length > 0) {
    const top = stack[stack.length - 1]!;
    items.length = top.items;
    choices.length = top.choices;
    if (top.kind === "match") {
      const inputName = graph.matches[top.match]!.input;
      if (top.branch >= top.branches.length) {
        if (top.before === undefined) possible.delete(inputName);
        else possible.set(inputName, top.before);
        stack.pop();
        continue;
      }
      const branch = top.branches[top.branch++]!;
      if (top.before !== undefined) possible.set(inputName, branch.values);
      items.push({
        kind: "match",
        input: inputName,
        values: branch.values.map((id) => ({ id, label: labelOf(inputName, id) })),
        else: branch.else,
      });
      going = arrive(
        branch.next === null ? { kind: "end", end: { kind: "no-case", input: inputName } } : step(branch.next),
      );
      continue;
    }
    const ask = graph.asks[top.ask]!;
    if (top.option >= ask.options.length) {
      onPath[top.ask] = 0;
      stack.pop();
      continue;
    }
    const option = ask.options[top.option++]!;
    items.push({
      kind: "ask",
      ask: ask.id,
      question: ask.decl.text.raw,
      option: option.key,
      answer: option.decl.label.raw,
    });
    choices.push(option.key);
    going = arrive(step(option.next));
  }

  const flow = file.header && !file.header.id.missing ? file.header.id.name : "";
  return {
    format: "flowc-paths",
    version: 1,
    flow,
    title: file.header?.title?.raw ?? null,
    count: paths.length,
    truncated,
    paths,
  };
}

function outputItem(output: GraphOutput): PathItem {
  return outputOf(output, (text) => text.raw);
}

// ---------------------------------------------------------------------------
// Printing.

export function formatPaths(list: PathList, format: PathsFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(list, null, 2)}\n`;
    case "md":
      return printMarkdown(list);
    case "text":
      return printText(list);
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

function flowName(list: PathList): string {
  const id = list.flow === "" ? "this flow" : list.flow;
  return list.title === null ? id : `${id} “${list.title}”`;
}

function truncationNote(list: PathList): string | null {
  if (list.truncated === null) return null;
  const limit = list.truncated.limit.toLocaleString("en-US");
  return list.truncated.reason === "paths"
    ? `Stopped after ${limit} paths: the flow has more ways through than that (each question after another multiplies them). Consider splitting it into smaller flows.`
    : `Stopped after ${limit} items (answers and outputs): the full listing would be longer than anyone can review. Consider splitting the flow into smaller flows.`;
}

/** Continuation lines of a multi-line text, indented under the first. */
function indentLines(text: string, indent: string): string {
  return text.replace(/\r\n?|\n/g, `\n${indent}`);
}

function hasMatch(list: PathList): boolean {
  return list.paths.some((p) => p.items.some((i) => i.kind === "match"));
}

/** The steps that tell paths apart: option keys, and `input=value` where a match branched. */
function headSteps(path: PathEntry): string[] {
  const steps: string[] = [];
  for (const item of path.items) {
    if (item.kind === "ask") steps.push(item.option);
    else if (item.kind === "match") steps.push(`${item.input}=${matchValues(item, "|")}`);
  }
  return steps;
}

/** A match step's values joined by `sep`, or `else` when it stands for no listed value. */
function matchValues(item: Extract<PathItem, { kind: "match" }>, sep: string): string {
  if (item.values.length === 0) return item.else ? "else" : "?";
  return item.values.map((v) => v.id).join(sep);
}

function heading(path: PathEntry): string {
  const steps = headSteps(path);
  return steps.length === 0 ? "(no questions)" : steps.join(" → ");
}

function printText(list: PathList): string {
  const out: string[] = [];
  out.push(`Every way through ${flowName(list)}: ${plural(list.count, "path", "paths")}.`);
  out.push(
    "Each question (?) is followed by the answer taken (→) and what the agent is shown; a path that",
    "comes back to a question it has already been through stops there.",
  );
  if (hasMatch(list)) {
    out.push("A line `input = value` is where a match took the branch of the input's value.");
  }
  for (const path of list.paths) {
    out.push("", `== ${heading(path)}`);
    for (const item of path.items) textItem(item, out);
    out.push(textEnd(path.end));
  }
  const note = truncationNote(list);
  if (note !== null) out.push("", note);
  return `${out.join("\n")}\n`;
}

/** The lines of one item, added to `out` (a ticket has a line per field: no list to spread). */
function textItem(item: PathItem, out: string[]): void {
  switch (item.kind) {
    case "match": {
      const values = item.values.map((v) => (v.label === null ? v.id : `${v.id} “${indentLines(v.label, "    ")}”`));
      const shown = values.length === 0 ? (item.else ? "(else)" : "?") : values.join(" or ");
      out.push(`${item.input} = ${shown}${item.else && values.length > 0 ? "  (else)" : ""}`);
      return;
    }
    case "ask": {
      const key = item.option === item.answer ? "" : `  [${item.option}]`;
      out.push(
        `? ${indentLines(item.question, "  ")}  [${item.ask}]`,
        `  → ${indentLines(item.answer, "    ")}${key}`,
      );
      return;
    }
    case "say":
    case "note":
    case "todo": {
      const prefix = `${item.kind}: `;
      out.push(`${prefix}${indentLines(item.text, " ".repeat(prefix.length))}`);
      return;
    }
    case "ticket": {
      out.push(`ticket${item.id === null ? "" : ` ${item.id}`}: ${indentLines(item.title, "    ")}`);
      if (item.queue !== undefined) out.push(`  queue: ${item.queue}`);
      if (item.priority !== undefined) out.push(`  priority: ${item.priority}`);
      for (const f of item.fields)
        out.push(`  field ${f.id}: ${f.label}${f.required ? " (required)" : ""}`);
      for (const f of item.attachments)
        out.push(`  attach ${f.id}: ${f.label}${f.required ? " (required)" : ""}`);
      return;
    }
  }
}

function textEnd(end: PathEnd): string {
  switch (end.kind) {
    case "finish":
      return "(finish)";
    case "loop":
      return `(loops back to “${oneLine(end.question)}” [${end.ask}])`;
    case "missing-node":
      return `(jumps to the node “${end.target}”, which does not exist)`;
    case "jump-loop":
      return "(jumps round in a circle for ever)";
    case "no-options":
      return `(stops at “${oneLine(end.question)}” [${end.ask}], which has no options)`;
    case "no-case":
      return `(stops: the match on ${end.input} has no case for this value)`;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*(\r\n?|\n)\s*/g, " ");
}

// Markdown: one bullet per item, so a changed text is a one-line diff.

function printMarkdown(list: PathList): string {
  const out: string[] = [];
  const id = list.flow === "" ? "this flow" : `\`${list.flow}\``;
  out.push(`# Every way through ${id}${list.title === null ? "" : `: ${md(list.title)}`}`, "");
  out.push(
    `${plural(list.count, "path", "paths")}, each from the start to a finish. Under each path: the questions with the answer ` +
      "taken (ids and option keys in `code`) and what the agent is shown on the way. A path that comes back to a " +
      "question it has already been through stops there." +
      (hasMatch(list) ? " A line `input` = `value` is where a match took the branch of the input's value." : "") +
      " Generated by `flowc paths`; do not edit by hand.",
  );
  for (const path of list.paths) {
    const steps = headSteps(path);
    const title = steps.length === 0 ? "(no questions)" : steps.map(code).join(" → ");
    out.push("", `## ${title}`, "");
    for (const item of path.items) mdItem(item, out);
    out.push(`- ${mdEnd(path.end)}`);
  }
  const note = truncationNote(list);
  if (note !== null) out.push("", `> **${note}**`);
  return `${out.join("\n")}\n`;
}

/** The bullets of one item, added to `out`. */
function mdItem(item: PathItem, out: string[]): void {
  switch (item.kind) {
    case "match": {
      const values = item.values.map((v) => `${code(v.id)}${v.label === null ? "" : ` (${md(v.label)})`}`);
      const shown = values.length === 0 ? (item.else ? "*else*" : "?") : values.join(" or ");
      out.push(`- ${code(item.input)} = ${shown}${item.else && values.length > 0 ? " *(else)*" : ""}`);
      return;
    }
    case "ask": {
      const key = item.option === item.answer ? "" : ` ${code(item.option)}`;
      out.push(`- **${md(item.question.trim())}** ${code(item.ask)} → ${md(item.answer)}${key}`);
      return;
    }
    case "say":
      out.push(`- say: «${md(item.text)}»`);
      return;
    case "note":
      out.push(`- *note:* ${md(item.text)}`);
      return;
    case "todo":
      out.push(`- **todo:** ${md(item.text)}`);
      return;
    case "ticket": {
      out.push(`- **ticket**${item.id === null ? "" : ` ${code(item.id)}`}: ${md(item.title)}`);
      if (item.queue !== undefined) out.push(`  - queue: ${md(item.queue)}`);
      if (item.priority !== undefined) out.push(`  - priority: ${item.priority}`);
      for (const f of item.fields)
        out.push(`  - field ${code(f.id)}: ${md(f.label)}${f.required ? " (required)" : ""}`);
      for (const f of item.attachments)
        out.push(`  - attach ${code(f.id)}: ${md(f.label)}${f.required ? " (required)" : ""}`);
      return;
    }
  }
}

function mdEnd(end: PathEnd): string {
  switch (end.kind) {
    case "finish":
      return "**finish**";
    case "loop":
      return `**loops back to** ${md(oneLine(end.question))} ${code(end.ask)}`;
    case "missing-node":
      return `**jumps to the node ${code(end.target)}, which does not exist**`;
    case "jump-loop":
      return "**jumps round in a circle for ever**";
    case "no-options":
      return `**stops at** ${md(oneLine(end.question))} ${code(end.ask)}, which has no options`;
    case "no-case":
      return `**stops: the match on ${code(end.input)} has no case for this value**`;
  }
}

/**
 * Text as inline Markdown that renders as itself: characters that could start
 * markup are backslash-escaped (CommonMark allows it before any ASCII
 * punctuation), `&` too (entities), `$` (GitHub math), and line breaks become
 * `<br>` so a multi-line text stays in its bullet.
 */
function md(text: string): string {
  return (
    text
      .replace(/[\\`*[\]<>|~&$#]/g, (c) => `\\${c}`)
      // `_` between letters or digits (`{client_name}`) can never start emphasis.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
      .replace(/\r\n?|\n/g, "<br>")
  );
}

/** An inline code span that holds any text (CommonMark: a longer run of backticks around it). */
function code(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${oneLine(text)}${pad}${fence}`;
}
