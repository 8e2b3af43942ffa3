import type { Priority, Text } from "../ast/types.js";
import type { GraphOutput } from "../check/index.js";

/** A field or attachment of a ticket, with its label in the caller's text form. */
export interface OutputField<T> {
  readonly id: string;
  readonly label: T;
  readonly required: boolean;
}

/** An output as the runtime and the paths show it, with texts in the caller's form. */
export type OutputOf<T> =
  | { readonly kind: "say" | "note" | "todo"; readonly text: T }
  | {
      readonly kind: "ticket";
      readonly id: string | null;
      readonly title: T;
      readonly queue?: T;
      readonly priority?: Priority;
      readonly fields: readonly OutputField<T>[];
      readonly attachments: readonly OutputField<T>[];
    };

const KINDS = { Say: "say", Note: "note", Todo: "todo" } as const;

/**
 * One graph output as plain data, each text turned by `text` (a runtime
 * template for the compiled definition, the raw text for `flowc paths`), so
 * both read a ticket's properties by the same rules.
 */
export function outputOf<T>(output: GraphOutput, text: (t: Text) => T): OutputOf<T> {
  if (output.kind !== "Ticket") return { kind: KINDS[output.kind], text: text(output.text) };
  let queue: T | undefined;
  let priority: Priority | undefined;
  const fields: OutputField<T>[] = [];
  const attachments: OutputField<T>[] = [];
  for (const prop of output.props ?? []) {
    // A repeated queue or priority: the first one counts.
    if (prop.kind === "Queue") queue ??= text(prop.text);
    else if (prop.kind === "Priority") priority ??= prop.value;
    else {
      const field = { id: prop.id.name, label: text(prop.label), required: prop.required };
      (prop.kind === "Field" ? fields : attachments).push(field);
    }
  }
  return {
    kind: "ticket",
    id: output.id === null || output.id.missing ? null : output.id.name,
    title: text(output.title),
    ...(queue !== undefined ? { queue } : {}),
    ...(priority !== undefined ? { priority } : {}),
    fields,
    attachments,
  };
}
