import { buildModel, type DiagramInput } from "./diagram-model.js";
import { printDot } from "./diagram-dot.js";
import { printMermaid } from "./diagram-mermaid.js";

/**
 * A checked flow as a diagram: Mermaid (`flowchart TD`) or Graphviz DOT.
 *
 * What is drawn: a start node (the flow's title); each question as a diamond;
 * each match as a hexagon (a decision on the input, labelled with the
 * input's label and name) with one edge per case, labelled with its values,
 * and an `else` edge;
 * each run of outputs (say/note/todo/ticket) as a box listing them, shortened;
 * one `end` node for every way the flow finishes; options as labelled edges;
 * `-> start` as an edge back to the start node; a jump to a node that does not
 * exist as a red "no such node" box. Empty pass-through code (an empty node, a
 * bare jump) is skipped, as in the compiled definition. Edges that go back to
 * something already on the way from the start (loops, `-> start`) are dashed.
 *
 * Problems the checker found are drawn where they are: the element a
 * diagnostic points at gets the `error` (red) or `warning` (orange) style and a
 * `⚠ …` line saying what is wrong; whatever the start cannot reach is dashed
 * and grey. Unreachable code (statements after a jump) is not in the flow
 * graph and so not drawn.
 *
 * Output is deterministic and ids are stable: they come from ask ids, node
 * names and option keys (transliterated to ASCII), not from positions, so an
 * edit elsewhere in the file leaves them alone. Pure: no I/O.
 */

export type DiagramFormat = "mermaid" | "dot";
export type { DiagramInput };

export function toMermaid(input: DiagramInput): string {
  return printMermaid(buildModel(input));
}

export function toDot(input: DiagramInput): string {
  return printDot(buildModel(input));
}

export function diagram(input: DiagramInput, format: DiagramFormat): string {
  return format === "dot" ? toDot(input) : toMermaid(input);
}
