import {
  DEFINITION_FORMAT,
  DEFINITION_VERSION,
  type FlowDefinition,
} from "./definition.js";
import { fail } from "./errors.js";
import { isObj, type Obj } from "./util.js";

/**
 * Each valid definition, with what its last play made (see session.ts).
 * Validation happens once per definition object (definitions must not be
 * mutated afterwards), and one entry per flow keeps memory bounded by the
 * flow's size.
 */
export const plays = new WeakMap<object, unknown>();

/** The flow, once it is known to be a valid definition; else a FlowError. */
export function load(flow: unknown): FlowDefinition {
  if (!plays.has(flow as object)) plays.set(check(flow as Obj), 0);
  return flow as FlowDefinition;
}

export const no = (
  where: string,
  what = "shaped as in docs/definition.md",
): never =>
  fail(
    "invalid-definition",
    `Not a valid compiled flow: ${where} must be ${what}.`,
  );

const str = (x: unknown) => typeof x == "string";
const strOrNull = (x: unknown) => x === null || str(x);

/** Checks that `x` is a list of objects that pass `ok`, naming the first one that does not. */
const each = (
  x: unknown,
  w: string,
  ok: (item: Obj, w: string) => unknown,
): true => {
  const list = Array.isArray(x) ? x : no(w, "a list");
  // An index loop, not forEach: a hole in a hand-made list is an error too.
  for (let j = 0; j < list.length; j++) {
    const v = `${w}[${j}]`;
    (isObj(list[j]) && ok(list[j], v)) || no(v);
  }
  return true;
};

/**
 * Checks every field the runtime reads: types, references in range, unique
 * names. Terse on purpose (the runtime has a size budget): a message names
 * the first wrong object by its path, like `blocks[3].outputs[0]`, and the
 * shape it must have is in docs/definition.md.
 */
function check(d: Obj): Obj {
  if (
    !isObj(d) ||
    d.format !== DEFINITION_FORMAT ||
    d.version !== DEFINITION_VERSION
  )
    no("format", `"${DEFINITION_FORMAT}", version ${DEFINITION_VERSION}`);
  const names: unknown[] = [];
  const { blocks, asks } = d as { blocks: unknown[]; asks: unknown[] };
  const tpl = (x: unknown) =>
    str(x) ||
    (Array.isArray(x) &&
      x.every((p) => str(p) || (isObj(p) && names.includes(p.input))));
  // An own index of the list: whole, not negative, below its length.
  const index = (x: unknown, list: unknown[]) =>
    Number.isInteger(x) && (x as number) in list;
  // Exactly one of block, ask, end.
  const next = (x: unknown) =>
    isObj(x) &&
    Object.keys(x).length == 1 &&
    ("block" in x
      ? index(x.block, blocks)
      : "ask" in x
        ? index(x.ask, asks)
        : x.end === true);
  const field = (f: Obj) =>
    str(f.id) && tpl(f.label) && f.required === !!f.required;
  // Option keys must be unique (choose looks them up), and so must ask ids
  // (restore replays by them) and input names.
  const unique = (x: unknown[]) => new Set(x).size == x.length;
  if (
    !str(d.id) ||
    !strOrNull(d.title) ||
    !str(d.hash) ||
    // each() below says when `blocks` is not a list; `asks` must be one before
    // any reference into it is looked up.
    !Array.isArray(asks)
  )
    no("the flow");
  each(
    d.inputs,
    "inputs",
    (i) => str(i.name) && strOrNull(i.label) && names.push(i.name),
  );
  each(blocks, "blocks", (b, w) => {
    each(b.outputs, w + ".outputs", (o, w) =>
      o.kind == "ticket"
        ? strOrNull(o.id) &&
          tpl(o.title) &&
          (o.queue === undefined || tpl(o.queue)) &&
          // The hole reads as undefined: no priority.
          [, "low", "normal", "high", "urgent"].includes(
            o.priority as string,
          ) &&
          each(o.fields, w + ".fields", field) &&
          each(o.attachments, w + ".attachments", field)
        : ["say", "note", "todo"].includes(o.kind as string) && tpl(o.text),
    );
    return next(b.next);
  });
  each(asks, "asks", (a, w) => {
    const keys: unknown[] = [];
    each(
      a.options,
      w + ".options",
      (o) => str(o.key) && tpl(o.text) && next(o.next) && keys.push(o.key),
    );
    return str(a.id) && tpl(a.text) && keys.length && unique(keys);
  });
  if (!next(d.entry)) no("entry");
  if (!unique(asks.map((a) => (a as Obj).id)) || !unique(names))
    no("ask ids and input names", "unique");
  return d;
}
