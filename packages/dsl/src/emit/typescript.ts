import type { FlowDefinition } from "@flowc/runtime";

/**
 * The compiled definition → a typed TypeScript module: the inputs (a choice
 * input as the literal union of its value ids), the ask ids with each ask's
 * option keys, and the definition as a typed const. The text is exactly what prettier 3 (default options) prints,
 * so a generated file passes `prettier --check`; it is deterministic, and
 * every string goes through `literal()`, so no text from a flow can end a
 * string, a comment or a surrounding <script>.
 *
 * To match prettier's line breaking without running it, every character left
 * unescaped has a display width of one column (ASCII, Latin, Greek, Cyrillic,
 * common punctuation); anything else is written as a \u escape, so the width
 * of a line is its length.
 */
export interface EmitTypeScriptOptions {
  /** The .flow file name as shown in the "generated from" line. */
  readonly sourceName: string;
}

const WIDTH = 80;

/** Characters printed as they are: one column wide for prettier, and harmless in a string. */
const PLAIN_CHARS =
  " !#-&(-;=?-[\\]-~\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u024F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03FF\u0400-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u20A0-\u20C0\u2116";
const PLAIN = new RegExp(`[${PLAIN_CHARS}]`);
/** A text with nothing to escape and no quotes: the common case, written as it is. */
const ALL_PLAIN = new RegExp(`^[${PLAIN_CHARS}]*$`);

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/**
 * A string literal, as prettier would quote it (double quotes unless the text
 * has more double than single quotes). Escapes everything outside PLAIN,
 * including U+2028/U+2029, bidi controls, lone surrogates and `<` `>` (so
 * `</script>` or `<!--` never appear), one UTF-16 unit at a time.
 */
export function literal(text: string): string {
  if (ALL_PLAIN.test(text)) return `"${text}"`;
  let doubles = 0;
  let singles = 0;
  for (const c of text) {
    if (c === '"') doubles++;
    else if (c === "'") singles++;
  }
  const quote = doubles > singles ? "'" : '"';
  let out = quote;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === quote) out += "\\" + c;
    else if (c === '"' || c === "'" || PLAIN.test(c)) out += c;
    else
      out +=
        ESCAPES[c] ?? "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
  }
  return out + quote;
}

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$]*$/u;

/** A property key: bare when it is an identifier made of plain characters, else a string literal. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) && ALL_PLAIN.test(key) ? key : literal(key);
}

type Value =
  | string
  | number
  | boolean
  | null
  | readonly Value[]
  | { readonly [key: string]: Value };
type Obj = { readonly [key: string]: Value };

const isObject = (v: Value): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The keys to write: those with a value (an `undefined` one is absent in JSON too). */
function keys(v: Obj): string[] {
  const out: string[] = [];
  for (const k of Object.keys(v)) if (v[k] !== undefined) out.push(k);
  return out;
}

/** A one-key object with a primitive value (`{ input: "x" }`, `{ ask: 3 }`): printed inline when it fits. */
const isSmall = (v: Value): v is Obj => {
  if (!isObject(v)) return false;
  const k = keys(v);
  return k.length === 1 && (v[k[0]!] === null || typeof v[k[0]!] !== "object");
};

// The definition's property names (`kind`, `text`, `next`…) repeat a lot:
// work each one out once. (Ask ids, which are unbounded, do not come here.)
const keyCache = new Map<string, string>();
const cachedKey = (k: string) => {
  let shown = keyCache.get(k);
  if (shown === undefined) keyCache.set(k, (shown = propertyKey(k)));
  return shown;
};

function primitive(v: Value): string {
  return typeof v === "string" ? literal(v) : String(v);
}

/** The value on one line, or null when prettier would never print it on one line. */
function flat(v: Value): string | null {
  if (Array.isArray(v)) {
    const items: string[] = [];
    for (const item of v) {
      const x = flat(item);
      if (x === null) return null;
      items.push(x);
    }
    return `[${items.join(", ")}]`;
  }
  if (isObject(v)) {
    if (!isSmall(v)) return null; // other objects are written expanded, and prettier keeps them so
    const k = keys(v)[0]!;
    return `{ ${cachedKey(k)}: ${primitive(v[k]!)} }`;
  }
  return primitive(v);
}

/**
 * Writes `head` + value + `tail` at `indent` (head is `key: ` or nothing).
 * Mirrors prettier's choices for these shapes: objects other than small ones
 * stay expanded; arrays and small objects go on one line when it fits; a long
 * string after a key of 5+ characters moves to the next line.
 */
function write(
  out: string[],
  indent: string,
  head: string,
  v: Value,
  tail: string,
): void {
  const one = flat(v);
  if (
    one !== null &&
    indent.length + head.length + one.length + tail.length <= WIDTH
  ) {
    out.push(indent + head + one + tail);
  } else if (!isObject(v) && !Array.isArray(v)) {
    // A string too long for the line. Prettier breaks after the colon unless
    // the key is short (under tabWidth + 3 columns), where that gains too little.
    if (head.length - 2 >= 5)
      out.push(indent + head.trimEnd(), indent + "  " + one + tail);
    else out.push(indent + head + one + tail);
  } else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(indent + head + "[]" + tail);
      return;
    }
    out.push(indent + head + "[");
    for (const item of v) write(out, indent + "  ", "", item, ",");
    out.push(indent + "]" + tail);
  } else {
    out.push(indent + head + "{");
    for (const k of keys(v))
      write(out, indent + "  ", cachedKey(k) + ": ", v[k]!, ",");
    out.push(indent + "}" + tail);
  }
}

/**
 * `head` + a union of string literal types + `;`, as prettier lays it out: on
 * one line; else on the next line, indented; else one member a line, each
 * after `| `. A single member after a property key never moves.
 */
function union(
  out: string[],
  indent: string,
  head: string,
  members: readonly string[],
): void {
  const types = members.map(literal);
  if (types.length === 0) types.push("never");
  const flatTypes = types.join(" | ");
  if (
    `${indent}${head} ${flatTypes};`.length <= WIDTH ||
    (types.length === 1 && !head.endsWith("="))
  ) {
    out.push(`${indent}${head} ${flatTypes};`);
  } else if (`${indent}  ${flatTypes};`.length <= WIDTH || types.length === 1) {
    out.push(indent + head, `${indent}  ${flatTypes};`);
  } else {
    // One push per member: a spread of 125,000 members overflows the call stack.
    out.push(indent + head);
    types.forEach((t, i) =>
      out.push(`${indent}  | ${t}${i === types.length - 1 ? ";" : ""}`),
    );
  }
}

/**
 * One line of a comment: no line breaks or control characters from outside,
 * and, as in strings, no `<` `>` (a `</script>` in a file name must not end
 * a surrounding script), no bidi controls (which could make the code read
 * differently from how it runs) and no lone surrogates.
 */
const commentText = (text: string) =>
  text
    .replace(
      /[\u0000-\u001f\u007f-\u009f<>\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
    )
    .trim();

export function emitTypeScript(
  definition: FlowDefinition,
  options: EmitTypeScriptOptions,
): string {
  const d = definition;
  const out: string[] = [
    `// Generated by flowc from ${commentText(options.sourceName)}. Do not edit.`,
    'import type { FlowDefinition, Session } from "@flowc/runtime";',
    "",
    "/** The inputs that start() needs: a text, or one of a choice input's values. */",
  ];
  if (d.inputs.length === 0) out.push("export type Inputs = {};");
  else {
    out.push("export type Inputs = {");
    for (const input of d.inputs) {
      const head = `${propertyKey(input.name)}:`;
      if (input.values) union(out, "  ", head, input.values.map((v) => v.id));
      else out.push(`  ${head} string;`);
    }
    out.push("};");
  }
  out.push(
    "",
    "/** The names of the inputs. */",
    "export type Input = keyof Inputs;",
    "",
    "/** Each question (ask id) with the keys of its options. */",
  );
  if (d.asks.length === 0) out.push("export type Asks = {};");
  else {
    out.push("export type Asks = {");
    for (const ask of d.asks)
      union(
        out,
        "  ",
        `${propertyKey(ask.id)}:`,
        ask.options.map((o) => o.key),
      );
    out.push("};");
  }
  out.push(
    "",
    "/** A session of this flow, for your app's state. */",
    "export type FlowSession = Session<Asks>;",
    "",
  );
  // The definition with its properties in a fixed order, whatever order the object has.
  const value = {
    format: d.format,
    version: d.version,
    id: d.id,
    title: d.title,
    hash: d.hash,
    inputs: d.inputs,
    entry: d.entry,
    blocks: d.blocks,
    asks: d.asks,
    matches: d.matches,
  } as unknown as Value;
  write(
    out,
    "",
    "export const flow: FlowDefinition<Inputs, Asks> = ",
    value,
    ";",
  );
  out.push("", "export default flow;", "");
  return out.join("\n");
}
