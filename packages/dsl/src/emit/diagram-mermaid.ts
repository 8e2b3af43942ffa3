import {
  asciiId,
  type Element,
  type Kind,
  type Model,
  ORANGE,
  ORANGE_FILL,
  RED,
  RED_FILL,
  severity,
} from "./diagram-model.js";

/** The diagram model as a Mermaid `flowchart TD`. */

const MERMAID_SHAPES: Record<Kind, readonly [string, string]> = {
  start: ['(["', '"])'],
  ask: ['{"', '"}'],
  match: ['{{"', '"}}'],
  step: ['["', '"]'],
  end: ['((("', '")))'],
  missing: ['[/"', '"/]'],
};

export function printMermaid(model: Model): string {
  const { elements } = model;
  const out: string[] = ["flowchart TD"];
  if (model.flowId !== "") out.push(`  %% flow ${asciiId(model.flowId)}`);
  for (const i of model.order) {
    const e = elements[i]!;
    const [open, close] = MERMAID_SHAPES[e.kind];
    out.push(mermaidLine(`  ${e.id}${open}`, e.lines, close));
  }
  const red: number[] = [];
  const orange: number[] = [];
  model.edges.forEach((edge, i) => {
    const arrow = edge.back ? "-.->" : "-->";
    const a = elements[edge.from]!.id;
    const b = elements[edge.to]!.id;
    out.push(
      edge.lines.length === 0
        ? `  ${a} ${arrow} ${b}`
        : mermaidLine(`  ${a} ${arrow}|"`, edge.lines, `"| ${b}`),
    );
    const level = severity(edge.codes);
    if (level === "error") red.push(i);
    else if (level === "warning") orange.push(i);
  });
  const ids = (pick: (e: Element) => boolean) =>
    model.order.filter((i) => pick(elements[i]!)).map((i) => elements[i]!.id);
  const errors = ids(
    (e) => severity(e.codes) === "error" || (e.kind === "missing" && severity(e.codes) === null),
  );
  const warnings = ids((e) => severity(e.codes) === "warning" && e.kind !== "missing");
  const unreached = ids((e) => !e.reached);
  out.push(`  classDef error fill:${RED_FILL},stroke:${RED},stroke-width:2px,color:#000`);
  out.push(`  classDef warning fill:${ORANGE_FILL},stroke:${ORANGE},stroke-width:2px,color:#000`);
  out.push("  classDef unreachable stroke-dasharray:5 5,opacity:0.75");
  if (errors.length > 0) out.push(`  class ${errors.join(",")} error`);
  if (warnings.length > 0) out.push(`  class ${warnings.join(",")} warning`);
  if (unreached.length > 0) out.push(`  class ${unreached.join(",")} unreachable`);
  if (red.length > 0)
    out.push(`  linkStyle ${red.join(",")} stroke:${RED},stroke-width:2px,color:${RED}`);
  if (orange.length > 0)
    out.push(`  linkStyle ${orange.join(",")} stroke:${ORANGE},stroke-width:2px,color:${ORANGE}`);
  return `${out.join("\n")}\n`;
}

/**
 * One Mermaid statement with a quoted label. Inside `"…"` Mermaid reads
 * `#name;` / `#123;` as an entity and renders the label as HTML, so every
 * character that could end the string or be markup is an entity (`"` `#` `&`
 * `<` `>` `` ` `` `|`, and `%`, so no `%%` comment or directive marker ever
 * appears in a label); lines are joined with `<br>`. Mermaid also rewrites any
 * line that matches `style…:…#…;` or `classDef…:…#…;` before parsing, which
 * would eat the `;` of an entity: on such a line `:` is an entity too.
 * The characters Mermaid uses for its own entity placeholders (ﬂ, ¶) are
 * escaped so they survive its decoding.
 */
function mermaidLine(prefix: string, lines: readonly string[], suffix: string): string {
  const plain = prefix + lines.join("") + suffix;
  const colons = plain.includes("style") || plain.includes("classDef");
  const label = lines.map((l) => mermaidText(l, colons)).join("<br>");
  return `${prefix}${label}${suffix}`;
}

function mermaidText(text: string, colons: boolean): string {
  if (!/[&"#<>`|%:\uFB02\u00B6]/.test(text)) return text;
  let out = "";
  for (const ch of text) {
    switch (ch) {
      case "&":
        out += "#amp;";
        break;
      case '"':
        out += "#quot;";
        break;
      case "#":
        out += "#35;";
        break;
      case "<":
        out += "#lt;";
        break;
      case ">":
        out += "#gt;";
        break;
      case "`":
        out += "#96;";
        break;
      case "|":
        out += "#124;";
        break;
      case "%":
        out += "#37;";
        break;
      case ":":
        out += colons ? "#58;" : ":";
        break;
      case "\uFB02":
        out += "#64258;";
        break;
      case "\u00B6":
        out += "#182;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}
