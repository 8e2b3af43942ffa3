import type { FlowDocument } from "./document.js";
import { occurrenceAt, occurrencesOf, valueDecl } from "./occurrences.js";
import type { LspDocumentHighlight, LspLocation, LspPosition } from "./types.js";

/**
 * Go to definition: a `-> x` to node x, `-> start` to the `flow` line, a
 * `{name}` or `match name` to its input, a case's value to the input's
 * `value` line. On a declaration it answers the declaration.
 */
export function definition(doc: FlowDocument, position: LspPosition): LspLocation | null {
  const at = occurrenceAt(doc.index, doc.positions.offset(position));
  if (at === undefined) return null;
  const here = (span: { start: number; end: number }) => ({ uri: doc.uri, range: doc.positions.range(span) });
  switch (at.kind) {
    case "node": {
      const node = doc.index.nodes.get(at.name);
      return node === undefined ? null : here(node.id.span);
    }
    case "input": {
      const input = doc.index.inputs.get(at.name);
      return input === undefined ? null : here(input.id.span);
    }
    case "value": {
      const value = valueDecl(doc.index, at.input ?? "", at.name);
      return value === undefined ? null : here(value.id.span);
    }
    case "start": {
      const header = doc.result.file.header;
      const first = doc.result.file.entry[0];
      if (header !== null && !header.id.missing) return here(header.id.span);
      return first !== undefined ? here(first.span) : null;
    }
    case "ask":
    case "option":
      return here(at.span);
  }
}

/**
 * Find references: every jump to a node, every placeholder and match of an
 * input, every case naming a value (and the declaration when asked).
 */
export function references(doc: FlowDocument, position: LspPosition, includeDeclaration: boolean): LspLocation[] {
  const at = occurrenceAt(doc.index, doc.positions.offset(position));
  if (at === undefined) return [];
  return occurrencesOf(doc.index, at)
    .filter((o) => includeDeclaration || !o.isDecl)
    .map((o) => ({ uri: doc.uri, range: doc.positions.range(o.span) }));
}

/** The symbol under the cursor, everywhere in the file: written where declared, read where used. */
export function documentHighlights(doc: FlowDocument, position: LspPosition): LspDocumentHighlight[] {
  const at = occurrenceAt(doc.index, doc.positions.offset(position));
  if (at === undefined) return [];
  return occurrencesOf(doc.index, at).map((o) => ({ range: doc.positions.range(o.span), kind: o.isDecl ? 3 : 2 }));
}
