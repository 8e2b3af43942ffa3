import type { FlowFile } from "../ast/types.js";
import type { FlowGraph, GraphNext, GraphOutput } from "../check/index.js";
import { askHead, optionHead } from "../check/walk.js";
import { type Code, severityOf } from "../codes.js";
import type { Diagnostic, Span } from "../diagnostics.js";
import { countBelow } from "../sorted.js";
import { wrap } from "./labels.js";
import { resolveEmptyBlocks, resolveNext } from "./resolve.js";

/**
 * The diagram of a checked flow as plain data, shared by the Mermaid and DOT
 * printers (diagram.ts has the overview): elements (start, questions, boxes
 * of outputs, the end, missing nodes) with label lines, the problems found on
 * each, and edges; drawing order, reachability and loops; stable ids.
 */

/** What the diagram needs from `check()` (a CheckResult or CompileResult will do). */
export interface DiagramInput {
  readonly file: FlowFile;
  readonly graph: FlowGraph;
  readonly diagnostics: readonly Diagnostic[];
}

export type Kind = "start" | "ask" | "step" | "end" | "missing";

export interface Element {
  readonly kind: Kind;
  id: string;
  /** Label lines, unescaped; the printers escape them. */
  readonly lines: string[];
  /** Full text shown on hover (DOT only). */
  readonly tooltip: string;
  readonly codes: Set<Code>;
  reached: boolean;
  readonly out: number[];
}

export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly lines: string[];
  readonly codes: Set<Code>;
  /** Goes back to an element on the way from the start to `from` (a loop). */
  back: boolean;
}

export interface Model {
  readonly title: string;
  readonly flowId: string;
  /** Elements in creation order; edges refer to them by index. */
  readonly elements: readonly Element[];
  /** Drawing order: depth-first from the start in option order, then the unreachable ones. */
  readonly order: readonly number[];
  /** Edges grouped by the element they leave, in drawing order. */
  readonly edges: readonly Edge[];
}

// Label sizes: a diagram is a map, not the text; `flowc paths` shows everything in full.
const QUESTION_WIDTH = 30;
const QUESTION_LINES = 4;
const OPTION_WIDTH = 26;
const OPTION_LINES = 3;
const OUTPUT_WIDTH = 44;
const OUTPUT_LINES = 2;
const OUTPUTS_SHOWN = 6;

/** Short words for the problems, shown in the diagram next to the element. */
const PROBLEM_WORDS: Partial<Record<Code, string>> = {
  "dead-end": "dead end: nothing is shown",
  "silent-end": "ends without a say",
  "no-exit": "no way out",
  "unreachable-node": "never reached",
  "undefined-target": "no such node",
  "undeclared-input": "unknown input",
  "duplicate-ask": "duplicate question id",
  "duplicate-option": "duplicate option",
  "duplicate-node": "duplicate node",
  "duplicate-field": "duplicate field",
  "single-option": "only one option",
};

/** Colours: red for errors, orange for warnings (fills are light so text stays readable). */
export const RED = "#c62828";
export const ORANGE = "#ef6c00";
export const RED_FILL = "#fdecea";
export const ORANGE_FILL = "#fff4e5";

// ---------------------------------------------------------------------------
// The model: elements and edges, shared by both printers.

export function buildModel({ file, graph, diagnostics }: DiagramInput): Model {
  const resolved = resolveEmptyBlocks(graph, true);
  const elements: Element[] = [];
  const edges: Edge[] = [];
  const add = (kind: Kind, lines: string[], tooltip = ""): number => {
    elements.push({ kind, id: "", lines, tooltip, codes: new Set(), reached: false, out: [] });
    return elements.length - 1;
  };

  const flowId = file.header && !file.header.id.missing ? file.header.id.name : "";
  const title = file.header?.title?.raw ?? flowId;
  const start = add("start", wrap(title === "" ? "start" : title, QUESTION_WIDTH, QUESTION_LINES));

  const askElement = graph.asks.map((ask) =>
    add("ask", wrap(ask.decl.text.raw, QUESTION_WIDTH, QUESTION_LINES), ask.decl.text.raw),
  );
  const blockElement = new Int32Array(graph.blocks.length).fill(-1);
  graph.blocks.forEach((block, b) => {
    const r = resolved[b]!;
    // A block is drawn when it is its own representative: it has outputs, or it is
    // the one kept on an endless loop of bare jumps.
    if (r.kind === "block" && r.block === b && r.via === null) {
      blockElement[b] =
        block.outputs.length > 0
          ? add("step", outputLines(block.outputs), block.outputs.map(tooltipOf).join("\n"))
          : add("step", [`node ${block.node || "?"}: only jumps`]);
    }
  });

  let end = -1;
  const missing = new Map<string, number>();
  const target = (next: GraphNext): number => {
    const r = resolveNext(resolved, graph, next, true);
    switch (r.kind) {
      case "block":
        return r.via !== null ? start : blockElement[r.block]!;
      case "ask":
        return askElement[r.ask]!;
      case "match":
        // Drawn as a plain step until diagrams draw a match's cases (issue 22, tools).
        return add("step", [`match ${graph.matches[r.match]!.input}`]);
      case "end":
        if (end < 0) end = add("end", ["end"]);
        return end;
      case "unknown": {
        const name = r.target.missing ? "" : r.target.name;
        let m = missing.get(name);
        if (m === undefined) {
          m = add("missing", [name === "" ? "missing node" : `no node “${name}”`]);
          missing.set(name, m);
        }
        return m;
      }
    }
  };
  const connect = (from: number, next: GraphNext, lines: string[]): Edge => {
    const edge: Edge = { from, to: target(next), lines, codes: new Set(), back: false };
    elements[from]!.out.push(edges.length);
    edges.push(edge);
    return edge;
  };

  // Anchors: source ranges that say which element or edge a diagnostic is about.
  const anchors: Anchor[] = [];
  if (file.header) anchors.push({ span: file.header.span, codes: elements[start]!.codes });
  connect(start, graph.entry, []);
  graph.blocks.forEach((block, b) => {
    const e = blockElement[b]!;
    if (e < 0) return;
    for (const output of block.outputs)
      anchors.push({ span: output.span, codes: elements[e]!.codes });
    connect(e, block.next, []);
  });
  graph.asks.forEach((ask, k) => {
    const e = askElement[k]!;
    anchors.push({ span: askHead(ask.decl), codes: elements[e]!.codes });
    for (const option of ask.options) {
      const edge = connect(e, option.next, wrap(option.decl.label.raw, OPTION_WIDTH, OPTION_LINES));
      anchors.push({ span: optionHead(option.decl), codes: edge.codes });
    }
  });
  // A jump (`-> x`) is about where it leads: to a missing node, or round an endless loop.
  graph.blocks.forEach((block, b) => {
    const next = block.next;
    if (next.kind === "unknown" && !next.target.missing) {
      anchors.push({ span: next.target.span, codes: elements[target(next)]!.codes });
    } else if (next.kind === "block" && next.via !== null) {
      // Where the jumping code is drawn: its box, or the start for an endless `-> start`.
      const r = resolved[b]!;
      const e = r.kind !== "block" ? -1 : r.via !== null ? start : blockElement[r.block]!;
      if (e >= 0) anchors.push({ span: next.via, codes: elements[e]!.codes });
    }
  });
  // A node's name stands for the node: what its code starts with, when that is drawn
  // (a node that only jumps elsewhere is not, and must not mark where it jumps to).
  for (const node of file.nodes) {
    if (node.id.missing) continue;
    const name = node.id.name;
    const b = graph.nodes.get(name);
    if (b === undefined) continue;
    const r = resolveNext(resolved, graph, { kind: "block", block: b, via: null }, true);
    let e = -1;
    if (r.kind === "ask" && graph.asks[r.ask]!.node === name) e = askElement[r.ask]!;
    else if (r.kind === "block" && r.via === null && graph.blocks[r.block]!.node === name) {
      e = blockElement[r.block]!;
    }
    if (e >= 0) anchors.push({ span: node.id.span, codes: elements[e]!.codes });
  }
  attachDiagnostics(anchors, diagnostics);

  const order = walkFromStart(elements, edges, start);
  for (const e of elements) {
    const words = [...e.codes].map((c) => PROBLEM_WORDS[c]).filter((w) => w !== undefined);
    if (words.length > 0) e.lines.push(`⚠ ${words.join(", ")}`);
  }
  for (const edge of edges) {
    const words = [...edge.codes].map((c) => PROBLEM_WORDS[c]).filter((w) => w !== undefined);
    if (words.length > 0) edge.lines.push(`⚠ ${words.join(", ")}`);
  }
  assignIds(elements, graph, askElement, blockElement, start, end, missing);
  return { title, flowId, elements, order, edges: orderEdges(order, elements, edges) };
}

function outputLines(outputs: readonly GraphOutput[]): string[] {
  const lines: string[] = [];
  for (const output of outputs.slice(0, OUTPUTS_SHOWN)) {
    const wrapped = wrap(`${outputPrefix(output)}${outputText(output)}`, OUTPUT_WIDTH, OUTPUT_LINES);
    // Continuation lines are indented under the first.
    wrapped.forEach((l, i) => lines.push(i === 0 ? l : `  ${l}`));
  }
  if (outputs.length > OUTPUTS_SHOWN) lines.push(`… ${outputs.length - OUTPUTS_SHOWN} more`);
  return lines;
}

function outputPrefix(output: GraphOutput): string {
  switch (output.kind) {
    case "Say":
      return "say: ";
    case "Note":
      return "note: ";
    case "Todo":
      return "TODO: ";
    case "Ticket":
      return "ticket: ";
  }
}

function outputText(output: GraphOutput): string {
  if (output.kind !== "Ticket") return output.text.raw;
  const queue = output.props?.find((p) => p.kind === "Queue");
  return queue && queue.kind === "Queue"
    ? `${output.title.raw} (${queue.text.raw})`
    : output.title.raw;
}

function tooltipOf(output: GraphOutput): string {
  return `${outputPrefix(output)}${outputText(output)}`;
}

interface Anchor {
  readonly span: Span;
  readonly codes: Set<Code>;
}

/**
 * Each diagnostic goes to the anchor whose range holds its start. Anchors
 * (question and option heads, output statements, jumps, node names, the
 * header) never overlap, so a sort and a binary search find it.
 */
function attachDiagnostics(anchors: Anchor[], diagnostics: readonly Diagnostic[]): void {
  anchors.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (const d of diagnostics) {
    const pos = d.span.start;
    // The last anchor starting at or before the diagnostic.
    const found = countBelow(anchors.length, (i) => anchors[i]!.span.start, pos + 1) - 1;
    if (found < 0) continue;
    const a = anchors[found]!;
    if (pos < a.span.end || pos === a.span.start) a.codes.add(d.code);
  }
}

/**
 * Depth-first from the start, iteratively, following edges in option order:
 * the drawing order (so Graphviz and Mermaid lay the tree out in option
 * order), which elements are reached, and which edges go back to an element
 * still on the way (loops). Unreached elements follow in creation (source)
 * order; walks from each of them find their own loops too.
 */
function walkFromStart(elements: Element[], edges: Edge[], start: number): number[] {
  const order: number[] = [];
  const state = new Uint8Array(elements.length); // 0 new, 1 on the way, 2 done
  const walk = (root: number, enter: (element: number) => void): void => {
    const stack: { element: number; next: number }[] = [{ element: root, next: 0 }];
    state[root] = 1;
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = elements[top.element]!.out;
      if (top.next >= out.length) {
        state[top.element] = 2;
        stack.pop();
        continue;
      }
      const edge = edges[out[top.next++]!]!;
      if (state[edge.to] === 1) {
        edge.back = true;
      } else if (state[edge.to] === 0) {
        state[edge.to] = 1;
        enter(edge.to);
        stack.push({ element: edge.to, next: 0 });
      }
    }
  };
  walk(start, (element) => {
    elements[element]!.reached = true;
    order.push(element);
  });
  for (let i = 0; i < elements.length; i++) if (state[i] === 0) walk(i, () => {});
  for (let i = 0; i < elements.length; i++) if (!elements[i]!.reached) order.push(i);
  return order;
}

/** Edges grouped by the element they leave, in drawing order. */
function orderEdges(
  order: readonly number[],
  elements: readonly Element[],
  edges: readonly Edge[],
): Edge[] {
  const out: Edge[] = [];
  for (const i of order) for (const e of elements[i]!.out) out.push(edges[e]!);
  return out;
}

// ---------------------------------------------------------------------------
// Stable ids.

/**
 * Ids are made of ASCII letters, digits and `_` (valid in Mermaid and DOT
 * without quoting) and always start with a prefix, which keeps them clear of
 * keywords (`end`, `graph`, `subgraph`…) and of Mermaid's `o`/`x` edge
 * endings. A clash (two names that look alike in ASCII) gets `__2`, `__3`…
 * in source order.
 */
function assignIds(
  elements: Element[],
  graph: FlowGraph,
  askElement: readonly number[],
  blockElement: Int32Array,
  start: number,
  end: number,
  missing: ReadonlyMap<string, number>,
): void {
  const used = new Set<string>();
  // The next suffix worth trying for each base: ids are only ever added, so
  // the ones below it are taken. Without it, 20,000 blocks that share a base
  // (`step`, or a node name written twice) made this quadratic.
  const nextSuffix = new Map<string, number>();
  const claim = (element: number, base: string) => {
    if (element < 0 || elements[element]!.id !== "") return;
    let id = base;
    if (used.has(id)) {
      let n = nextSuffix.get(base) ?? 2;
      while (used.has((id = `${base}__${n}`))) n++;
      nextSuffix.set(base, n + 1);
    }
    used.add(id);
    elements[element]!.id = id;
  };
  claim(start, "start");
  claim(end, "finish");
  graph.asks.forEach((ask, k) => claim(askElement[k]!, `ask_${asciiId(ask.id)}`));

  // Blocks are named after where their code begins: the entry, a node, an option's body.
  const blockName = new Array<string | undefined>(graph.blocks.length);
  if (graph.entry.kind === "block") blockName[graph.entry.block] = "step_start";
  for (const [name, b] of graph.nodes) blockName[b] ??= `node_${asciiId(name)}`;
  for (const ask of graph.asks) {
    for (const option of ask.options) {
      const next = option.next;
      if (next.kind !== "block" || next.via !== null) continue;
      const hasBody = option.decl.body !== null && option.decl.body.length > 0;
      blockName[next.block] ??= hasBody
        ? `step_${asciiId(ask.id)}_${asciiId(option.key)}`
        : `after_${asciiId(ask.id)}`;
    }
  }
  graph.blocks.forEach((_, b) => claim(blockElement[b]!, blockName[b] ?? "step"));
  for (const [name, m] of missing) claim(m, `missing_${asciiId(name)}`);
}

const CYRILLIC: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "yo",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** A name in ASCII letters, digits and `_`: Russian transliterated, anything else as `_`. */
export function asciiId(name: string): string {
  if (/^[A-Za-z0-9](?:_?[A-Za-z0-9])*$/.test(name) && name.length <= 48) return name;
  let out = "";
  for (const ch of name.normalize("NFC")) {
    if (/[A-Za-z0-9_]/.test(ch)) out += ch;
    else {
      const lower = ch.toLowerCase();
      const t = CYRILLIC[lower];
      if (t !== undefined) out += lower === ch ? t : t.charAt(0).toUpperCase() + t.slice(1);
      else out += "_";
    }
    if (out.length >= 48) break;
  }
  out = out.replace(/_+/g, "_").replace(/^_+|_+$/g, "");
  return out === "" ? "x" : out;
}

export function severity(codes: ReadonlySet<Code>): "error" | "warning" | null {
  let level: "error" | "warning" | null = null;
  for (const c of codes) {
    if (severityOf(c) === "error") return "error";
    level = "warning";
  }
  return level;
}
