import {
  DEFINITION_FORMAT,
  DEFINITION_VERSION,
  type AskDef,
  type CaseDef,
  type FlowDefinition,
  type InputDef,
  type MatchDef,
} from "./definition.js";
import { fail, list, show } from "./errors.js";
import { isIndex, isObject } from "./util.js";

/**
 * Each definition object checked so far, for each of their questions its
 * option keys → option indexes (a choice is one lookup, however many options
 * there are), and for each match its input's values → the case that lists
 * them. Made once per definition, the size of the flow, and gone with it:
 * nothing here grows as sessions are played. (A definition must not be
 * changed after its first use.)
 */
const checked = new WeakSet<object>();
const optionIndexes = new WeakMap<AskDef, ReadonlyMap<string, number>>();
const casesByValue = new WeakMap<MatchDef, ReadonlyMap<string, CaseDef>>();

/** The flow, once it is known to be a valid definition; else a FlowError naming the broken rule. */
export function load(flow: unknown): FlowDefinition {
  if (!checked.has(flow as object)) {
    check(flow);
    checked.add(flow as object);
  }
  return flow as FlowDefinition;
}

/** The index of the option with `key` at a question of a loaded flow. */
export const optionIndexOf = (ask: AskDef, key: string): number | undefined =>
  optionIndexes.get(ask)!.get(key);

/** The case a match of a loaded flow takes for `value`; undefined: the `else`. */
export const caseOf = (match: MatchDef, value: string): CaseDef | undefined =>
  casesByValue.get(match)!.get(value);

/** Checks a value found at `path` (`blocks[3].next`), throwing at the first broken rule. */
type Rule = (value: unknown, path: string) => unknown;

/** Stops: the definition breaks a rule at `path` (`blocks[3].next`). */
export function broken(path: string, problem: string): never {
  return fail(
    "invalid-definition",
    `Not a valid compiled flow: ${path || "the definition"}: ${problem}.`,
  );
}

function must(ok: boolean, path: string, value: unknown, what: string): void {
  if (!ok) broken(path, `${show(value)} is not ${what}`);
}

const text: Rule = (value, path) =>
  must(typeof value === "string", path, value, "a text");
const textOrNull: Rule = (value, path) => value === null || text(value, path);
const flag: Rule = (value, path) =>
  must(typeof value === "boolean", path, value, "true or false");
const anyList: Rule = (value, path) =>
  must(Array.isArray(value), path, value, "a list");
const oneOf =
  (values: readonly string[]): Rule =>
  (value, path) =>
    must(
      values.includes(value as string),
      path,
      value,
      `one of ${list(values)}`,
    );
const optional =
  (rule: Rule): Rule =>
  (value, path) =>
    value === undefined || rule(value, path);

/** A list whose every item passes `rule` (an index loop: a hole in a hand-made list is caught too). */
const listOf =
  (rule: Rule, what = "a list"): Rule =>
  (value, path) => {
    const items = value as unknown[];
    must(
      Array.isArray(value) && (what === "a list" || items.length > 0),
      path,
      value,
      what,
    );
    for (let i = 0; i < items.length; i++) rule(items[i], `${path}[${i}]`);
  };

/** An object whose properties pass their rules, checked in the order given. */
const shape =
  (rules: Record<string, Rule>): Rule =>
  (value, path) => {
    must(isObject(value), path, value, "an object");
    for (const key in rules)
      rules[key]!(
        (value as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
  };

/** A name used once in its list (ask ids, option keys in their ask, input names): sessions and inputs refer to them. */
const unique =
  (names: Set<string>): Rule =>
  (value, path) => {
    text(value, path);
    if (names.has(value as string))
      broken(path, `${show(value)} is used twice`);
    names.add(value as string);
  };

/**
 * Checks every field the runtime reads — types, references in range, unique
 * names — in time linear in the size of the definition, and reports the
 * first broken rule with its path. (A loop of jumps is stopped when a step
 * reaches it: see runStep.)
 */
function check(flow: unknown): void {
  const definition = flow as FlowDefinition;
  const inputNames = new Set<string>();
  // The value ids of each choice input, by input name.
  const choices = new Map<string, ReadonlySet<string>>();
  const input: Rule = (value, path) => {
    const ids = new Set<string>();
    shape({
      name: unique(inputNames),
      label: textOrNull,
      values: optional(
        listOf(
          shape({ id: unique(ids), label: textOrNull }),
          "a list of at least one value",
        ),
      ),
    })(value, path);
    if (ids.size > 0) choices.set((value as InputDef).name, ids);
  };
  // First the head, and that `blocks` and `asks` are lists: their items refer to each other.
  shape({
    format: (value, path) =>
      must(value === DEFINITION_FORMAT, path, value, show(DEFINITION_FORMAT)),
    version: (value, path) =>
      must(
        value === DEFINITION_VERSION,
        path,
        value,
        `${DEFINITION_VERSION} (build the flow with the matching flowc)`,
      ),
    id: text,
    title: textOrNull,
    hash: text,
    inputs: listOf(input),
    blocks: anyList,
    asks: anyList,
    matches: anyList,
  })(flow, "");

  // A text: a string, or a list of strings and { input } naming a declared input.
  const placeholder = shape({
    input: (name, path) =>
      must(inputNames.has(name as string), path, name, "an input of the flow"),
  });
  const parts = listOf(
    (part, path) => typeof part === "string" || placeholder(part, path),
  );
  const template: Rule = (value, path) =>
    typeof value === "string" || parts(value, path);
  const next: Rule = (value, path) => {
    const keys = isObject(value) ? Object.keys(value) : [];
    const [kind] = keys;
    const target = (value as Record<string, unknown>)?.[kind!];
    const items =
      kind === "block"
        ? definition.blocks
        : kind === "ask"
          ? definition.asks
          : kind === "match"
            ? definition.matches
            : undefined;
    must(
      keys.length === 1 &&
        (items !== undefined || (kind === "end" && target === true)),
      path,
      value,
      "{ block: i }, { ask: i }, { match: i } or { end: true }",
    );
    if (items)
      must(
        isIndex(target, items),
        path,
        target,
        `an index into ${kind === "match" ? "matches" : kind + "s"}`,
      );
  };
  const field = shape({ id: text, label: template, required: flag });
  const ticket = shape({
    id: textOrNull,
    title: template,
    queue: optional(template),
    priority: optional(oneOf(["low", "normal", "high", "urgent"])),
    fields: listOf(field),
    attachments: listOf(field),
  });
  const textOutput = shape({
    kind: oneOf(["say", "note", "todo", "ticket"]),
    text: template,
  });
  const askIds = new Set<string>();
  const ask: Rule = (value, path) => {
    const optionIndex = new Map<string, number>();
    const uniqueKey = unique(new Set());
    shape({
      id: unique(askIds),
      derivedId: flag,
      text: template,
      options: listOf(
        shape({
          key: (key, at) => {
            uniqueKey(key, at);
            // Options are checked in order, each adding one key: the count so far is its index.
            optionIndex.set(key as string, optionIndex.size);
          },
          text: template,
          next,
        }),
        "a list of at least one option",
      ),
    })(value, path);
    optionIndexes.set(value as AskDef, optionIndex);
  };
  // A match: on a choice input, each value in at most one case, and every value in one unless there is an else.
  const match: Rule = (value, path) => {
    const byValue = new Map<string, CaseDef>();
    let values: ReadonlySet<string> = new Set();
    let name = "";
    shape({
      input: (input, at) => {
        const ids = choices.get(input as string);
        must(ids !== undefined, at, input, "a choice input of the flow");
        values = ids!;
        name = show(input);
      },
      cases: listOf(
        (item, at) => {
          shape({
            values: listOf((id, idAt) => {
              must(values.has(id as string), idAt, id, `a value of ${name}`);
              if (byValue.has(id as string))
                broken(idAt, `${show(id)} is in two cases`);
              byValue.set(id as string, item as CaseDef);
            }, "a list of at least one value"),
            next,
          })(item, at);
        },
        "a list of at least one case",
      ),
      else: (target, at) => target === null || next(target, at),
    })(value, path);
    const missing = [...values].filter((id) => !byValue.has(id));
    if ((value as MatchDef).else === null && missing.length > 0)
      broken(path, `no case for ${list(missing)} of ${name}, and no else`);
    casesByValue.set(value as MatchDef, byValue);
  };
  shape({
    blocks: listOf(
      shape({
        outputs: listOf((output, at) =>
          (isObject(output) && output.kind === "ticket" ? ticket : textOutput)(
            output,
            at,
          ),
        ),
        next,
      }),
    ),
    asks: listOf(ask),
    matches: listOf(match),
    entry: next,
  })(flow, "");
}
