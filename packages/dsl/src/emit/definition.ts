import {
  type AskDef,
  type BlockDef,
  DEFINITION_FORMAT,
  DEFINITION_VERSION,
  type FlowDefinition,
  type InputDef,
  type MatchDef,
  type NextDef,
  type OutputDef,
  type TextTemplate,
} from "@flowc/runtime";
import type { FlowFile, Text } from "../ast/types.js";
import type { FlowGraph, GraphNext, GraphOutput } from "../check/index.js";
import { outputOf } from "./outputs.js";
import { resolveEmptyBlocks } from "./resolve.js";
import { sha256Hex } from "./sha256.js";

/**
 * The flow graph → the compiled definition (plain JSON, see
 * packages/runtime/src/definition.ts). Empty pass-through blocks (the code
 * after an ask that is only a jump, an empty node) are skipped: a `next` that
 * would lead to one leads straight to where it goes. Only what the entry can
 * reach is emitted (for a flow without errors that is everything), in source
 * order, so the same text always gives byte-identical JSON.
 *
 * `hash` is the SHA-256 (lowercase hex) of the UTF-8 bytes of
 * `JSON.stringify` of the definition without its `hash` property, the other
 * properties in the order format, version, id, title, inputs, entry, blocks,
 * asks, matches (every object's keys in the order this module writes them). `json` is
 * `JSON.stringify` of the definition.
 *
 * Meant for flows that check without errors; on anything else it still
 * returns a definition (a jump to a missing node becomes `end`) and never throws.
 */
export function toDefinition(
  file: FlowFile,
  graph: FlowGraph,
): { definition: FlowDefinition; json: string } {
  const resolved = resolveEmptyBlocks(graph, false);
  const resolve = (next: GraphNext): GraphNext =>
    next.kind === "block" ? resolved[next.block]! : next;

  // What the entry reaches, after skipping empty blocks.
  const usedBlock = new Uint8Array(graph.blocks.length);
  const usedAsk = new Uint8Array(graph.asks.length);
  const usedMatch = new Uint8Array(graph.matches.length);
  const work: GraphNext[] = [resolve(graph.entry)];
  while (work.length > 0) {
    const next = work.pop()!;
    if (next.kind === "block" && !usedBlock[next.block]) {
      usedBlock[next.block] = 1;
      work.push(resolve(graph.blocks[next.block]!.next));
    } else if (next.kind === "ask" && !usedAsk[next.ask]) {
      usedAsk[next.ask] = 1;
      for (const option of graph.asks[next.ask]!.options) work.push(resolve(option.next));
    } else if (next.kind === "match" && !usedMatch[next.match]) {
      usedMatch[next.match] = 1;
      const match = graph.matches[next.match]!;
      for (const branch of match.cases) work.push(resolve(branch.next));
      if (match.else !== null) work.push(resolve(match.else.next));
    }
  }
  const blockIndex = renumber(usedBlock);
  const askIndex = renumber(usedAsk);
  const matchIndex = renumber(usedMatch);
  const nextDef = (next: GraphNext): NextDef => {
    const r = resolve(next);
    if (r.kind === "block") return { block: blockIndex[r.block]! };
    if (r.kind === "ask") return { ask: askIndex[r.ask]! };
    if (r.kind === "match") return { match: matchIndex[r.match]! };
    return { end: true };
  };

  const blocks: BlockDef[] = [];
  graph.blocks.forEach((block, i) => {
    if (!usedBlock[i]) return;
    blocks.push({ outputs: block.outputs.map(outputDef), next: nextDef(block.next) });
  });
  const asks: AskDef[] = [];
  graph.asks.forEach((ask, i) => {
    if (!usedAsk[i]) return;
    asks.push({
      id: ask.id,
      derivedId: ask.decl.id === null,
      text: template(ask.decl.text),
      options: ask.options.map((o) => ({
        key: o.key,
        text: template(o.decl.label),
        next: nextDef(o.next),
      })),
    });
  });

  const inputs: InputDef[] = [];
  const seen = new Set<string>();
  for (const input of file.inputs) {
    if (input.id.missing || seen.has(input.id.name)) continue;
    seen.add(input.id.name);
    const label = input.label ? displayText(input.label) : null;
    if (input.values === null) {
      inputs.push({ name: input.id.name, label });
      continue;
    }
    const values = input.values
      .filter((v) => !v.id.missing)
      .map((v) => ({ id: v.id.name, label: v.label ? displayText(v.label) : null }));
    inputs.push({ name: input.id.name, label, values });
  }

  const id = file.header?.id.name ?? "";
  const title = file.header?.title ? displayText(file.header.title) : null;
  const entry = nextDef(graph.entry);
  const format = DEFINITION_FORMAT;
  const version = DEFINITION_VERSION;
  const matches: MatchDef[] = [];
  graph.matches.forEach((match, i) => {
    if (!usedMatch[i]) return;
    matches.push({
      input: match.input,
      cases: match.cases.map((c) => ({ values: c.values, next: nextDef(c.next) })),
      else: match.else === null ? null : nextDef(match.else.next),
    });
  });
  const hash = sha256Hex(JSON.stringify({ format, version, id, title, inputs, entry, blocks, asks, matches }));
  const definition: FlowDefinition = { format, version, id, title, hash, inputs, entry, blocks, asks, matches };
  const json = JSON.stringify(definition);
  return { definition, json };
}

function renumber(used: Uint8Array): Int32Array {
  const index = new Int32Array(used.length).fill(-1);
  let k = 0;
  for (let i = 0; i < used.length; i++) if (used[i]) index[i] = k++;
  return index;
}

/** A text as the runtime wants it: a plain string, or literal runs and `{ input }` slots. */
export function template(text: Text): TextTemplate {
  const { parts } = text;
  // The usual text, one literal run (or none), without building a list to join.
  if (parts.length === 0) return "";
  if (parts.length === 1 && parts[0]!.kind === "Literal") return parts[0]!.value;
  if (!parts.some((p) => p.kind === "Placeholder")) {
    return text.parts.map((p) => (p.kind === "Literal" ? p.value : "")).join("");
  }
  return text.parts.map((p) => (p.kind === "Literal" ? p.value : { input: p.name }));
}

/**
 * A text the runtime shows as it is, never filled in (the flow's title, an
 * input's label): escapes decoded, so `\{` becomes `{`; a placeholder stays
 * written as `{name}`.
 */
function displayText(text: Text): string {
  return text.parts.map((p) => (p.kind === "Literal" ? p.value : `{${p.name}}`)).join("");
}

function outputDef(output: GraphOutput): OutputDef {
  return outputOf(output, template);
}
