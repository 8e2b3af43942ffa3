import type { Span } from "../diagnostics.js";
import { asciiId, buildModel, type DiagramInput } from "./diagram-model.js";

/**
 * Where each drawn element of the diagram (`toMermaid`, `toDot`) comes from in
 * the source, by its stable id: a question → its `ask`, a node's first box →
 * its `node` line, the entry's box → the first statement. An editor uses this
 * to move the cursor when an element is clicked, and to find the element of
 * the ask under the cursor. Elements with no one place (the start, the end, a
 * box after a question) are left out.
 */
export interface DiagramPlace {
  /** The element's id in the diagram (e.g. `ask_kind`, `node_refund`). */
  readonly id: string;
  readonly kind: "ask" | "node" | "entry";
  readonly span: Span;
}

export function diagramPlaces(input: DiagramInput): DiagramPlace[] {
  const model = buildModel(input);
  const places: DiagramPlace[] = [];
  // Questions are drawn one per graph ask, in the graph's order.
  const askElements = model.elements.filter((e) => e.kind === "ask");
  input.graph.asks.forEach((ask, k) => {
    const element = askElements[k];
    if (element !== undefined) places.push({ id: element.id, kind: "ask", span: ask.decl.span });
  });
  const drawn = new Set(model.elements.filter((e) => e.kind === "step").map((e) => e.id));
  for (const node of input.file.nodes) {
    const id = `node_${asciiId(node.id.name)}`;
    if (drawn.has(id)) places.push({ id, kind: "node", span: node.span });
  }
  const first = input.file.entry[0];
  if (first !== undefined && drawn.has("step_start")) places.push({ id: "step_start", kind: "entry", span: first.span });
  return places;
}
