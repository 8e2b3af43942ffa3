import {
  type Kind,
  type Model,
  ORANGE,
  ORANGE_FILL,
  RED,
  RED_FILL,
  severity,
} from "./diagram-model.js";

/** The diagram model as Graphviz DOT, laid out left to right (decision trees are wide). */

export function printDot(model: Model): string {
  const { elements } = model;
  const out: string[] = [
    `digraph ${dotString(model.flowId === "" ? "flow" : model.flowId)} {`,
    `  graph [rankdir=LR, fontname="Helvetica,Arial,sans-serif", nodesep=0.3, ranksep=0.45];`,
    `  node [fontname="Helvetica,Arial,sans-serif", fontsize=11, margin="0.12,0.06"];`,
    `  edge [fontname="Helvetica,Arial,sans-serif", fontsize=10, color="#555555"];`,
  ];
  for (const i of model.order) {
    const e = elements[i]!;
    const attrs: string[] = [];
    const level = e.kind === "missing" ? "error" : severity(e.codes);
    const styles: string[] = [];
    switch (e.kind) {
      case "start":
        attrs.push("shape=oval");
        styles.push("filled");
        break;
      case "ask":
        attrs.push("shape=diamond");
        styles.push("filled");
        break;
      case "match":
        attrs.push("shape=hexagon");
        styles.push("filled");
        break;
      case "step":
        attrs.push("shape=box");
        styles.push("rounded", "filled");
        break;
      case "end":
        attrs.push("shape=doublecircle", "width=0.3", "fontsize=9");
        styles.push("filled");
        break;
      case "missing":
        attrs.push("shape=box");
        styles.push("filled");
        break;
    }
    const left = e.kind === "step";
    attrs.push(`label=${dotLabel(e.lines, left)}`);
    if (e.tooltip !== "") attrs.push(`tooltip=${dotString(e.tooltip)}`);
    if (level === "error") {
      attrs.push(`color="${RED}"`, `fillcolor="${RED_FILL}"`, "penwidth=2");
    } else if (level === "warning") {
      attrs.push(`color="${ORANGE}"`, `fillcolor="${ORANGE_FILL}"`, "penwidth=2");
    } else {
      attrs.push(`fillcolor="${DOT_FILL[e.kind]}"`);
    }
    if (!e.reached) styles.push("dashed");
    attrs.push(`style="${styles.join(",")}"`);
    out.push(`  ${e.id} [${attrs.join(", ")}];`);
  }
  for (const edge of model.edges) {
    const attrs: string[] = [];
    if (edge.lines.length > 0) attrs.push(`label=${dotLabel(edge.lines, false)}`);
    if (edge.back) attrs.push("style=dashed", "constraint=false");
    const level = severity(edge.codes);
    if (level !== null) {
      const c = level === "error" ? RED : ORANGE;
      attrs.push(`color="${c}"`, `fontcolor="${c}"`, "penwidth=2");
    }
    const a = elements[edge.from]!.id;
    const b = elements[edge.to]!.id;
    out.push(`  ${a} -> ${b}${attrs.length > 0 ? ` [${attrs.join(", ")}]` : ""};`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

const DOT_FILL: Record<Kind, string> = {
  start: "#e3f2fd",
  ask: "#fffde7",
  match: "#f3e5f5",
  step: "#ffffff",
  end: "#eeeeee",
  missing: RED_FILL,
};

/**
 * A DOT quoted string. Backslashes are doubled (Graphviz reads `\n`, `\l`,
 * `\N`… in labels), `"` is escaped, and `&` is written `&amp;` because
 * Graphviz decodes HTML entities in every label.
 */
function dotString(text: string): string {
  return `"${dotEscape(text).replace(/\n/g, "\\n")}"`;
}

function dotEscape(text: string): string {
  if (!/[\u0000-\u001f\u007f\\"&]/.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ")
    .replace(/\r\n?/g, "\n")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/&/g, "&amp;");
}

/** Label lines: centred (`\n` after each) or left-aligned (`\l` after each, for output lists). */
function dotLabel(lines: readonly string[], left: boolean): string {
  const end = left ? "\\l" : "\\n";
  const body = lines.map((l) => dotEscape(l)).join(end);
  return `"${body}${left ? end : ""}"`;
}
