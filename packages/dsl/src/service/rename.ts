import type { FlowDocument } from "./document.js";
import { isReserved } from "./keywords.js";
import { occurrenceAt, occurrencesOf, valueDecl } from "./occurrences.js";
import type { LspPosition, PrepareRenameAnswer, RenameAnswer } from "./types.js";

/** Why an ask or option id needs a second look before it changes. */
export const SESSION_ID_ANNOTATION = "flowc.sessionId";

const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * What can be renamed: nodes (every `-> x` follows), inputs (every `{x}`
 * and `match x` follows), values of a choice input (every `case` naming it
 * in the input's matches follows) and explicit ask and option ids. `start` and derived ask ids
 * cannot be.
 */
export function prepareRename(doc: FlowDocument, position: LspPosition): PrepareRenameAnswer {
  const offset = doc.positions.offset(position);
  const at = occurrenceAt(doc.index, offset);
  if (at === undefined) {
    const ask = doc.index.asks.find((a) => !a.explicit && a.decl.span.start <= offset && offset <= a.decl.text.span.end);
    if (ask !== undefined && ask.id !== null) {
      return {
        reason: `This ask's id \`${ask.id}\` is derived from where it stands; give it an explicit id (\`ask name "…"\`) to name it.`,
      };
    }
    return { reason: "Only a node, an input, a value of a choice input, or an ask's or option's own id can be renamed." };
  }
  if (at.kind === "start") return { reason: "`start` names the entry and cannot be renamed." };
  return { range: doc.positions.range(at.span), placeholder: at.name };
}

export function rename(doc: FlowDocument, position: LspPosition, newName: string): RenameAnswer {
  const at = occurrenceAt(doc.index, doc.positions.offset(position));
  if (at === undefined || at.kind === "start") {
    const prepared = prepareRename(doc, position);
    return { reason: "reason" in prepared ? prepared.reason : "Nothing to rename here." };
  }
  const name = newName.normalize("NFC");
  if (!NAME.test(name)) {
    return { reason: `\`${newName}\` is not a name: use letters, digits and \`_\`, starting with a letter or \`_\`.` };
  }
  if (isReserved(name)) return { reason: `\`${name}\` is a keyword and cannot be a name.` };
  if (at.kind === "node" && name !== at.name && doc.index.nodes.has(name)) {
    return { reason: `There is already a node named \`${name}\`.` };
  }
  if (at.kind === "input" && name !== at.name && doc.index.inputs.has(name)) {
    return { reason: `There is already an input named \`${name}\`.` };
  }
  if (at.kind === "value" && name !== at.name && valueDecl(doc.index, at.input ?? "", name) !== undefined) {
    return { reason: `The input \`${at.input}\` already has a value named \`${name}\`.` };
  }
  const sessionId = at.kind === "ask" || at.kind === "option";
  const edits = occurrencesOf(doc.index, at).map((o) => ({
    range: doc.positions.range(o.span),
    newText: name,
    ...(sessionId ? { annotationId: SESSION_ID_ANNOTATION } : {}),
  }));
  return {
    edit: {
      documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }],
      ...(sessionId
        ? {
            changeAnnotations: {
              [SESSION_ID_ANNOTATION]: {
                label: `Rename the ${at.kind} id \`${at.name}\``,
                description:
                  "Saved sessions replay choices by ask and option id: a session saved before this rename " +
                  "will no longer restore. The generated module's types change too.",
                needsConfirmation: true,
              },
            },
          }
        : {}),
    },
  };
}
