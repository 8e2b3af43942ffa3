import { UsageError } from "./errors.js";
import { printable } from "./style.js";

/** An input as `--input` checks it: its name, and a choice input's value ids (null for a text input). */
export interface InputChoices {
  readonly name: string;
  readonly values: readonly string[] | null;
}

/**
 * The `--input name=value` pairs of `flowc run` and `flowc paths`, checked
 * against the flow's inputs: each names a declared input once, and a choice
 * input's value is one it lists. Every problem is reported at once (a
 * UsageError, exit status 2).
 */
export function parseInputPairs(
  inputs: readonly InputChoices[],
  pairs: readonly string[],
): Map<string, string> {
  const byName = new Map<string, InputChoices>();
  for (const input of inputs) if (!byName.has(input.name)) byName.set(input.name, input);
  const known =
    byName.size > 0 ? `this flow's inputs: ${[...byName.keys()].join(", ")}` : "this flow has no inputs";
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const input = byName.get(name);
    if (eq < 0) problems.push(`--input ${printable(pair)}: write it as name=value`);
    else if (input === undefined) problems.push(`--input ${printable(name)}: no such input (${known})`);
    else if (values.has(name)) problems.push(`--input ${name}: given twice`);
    else if (input.values !== null && !input.values.includes(value))
      problems.push(`--input ${name}=${printable(value)}: not a value of ${name} (its values: ${input.values.join(", ")})`);
    else values.set(name, value);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return values;
}
