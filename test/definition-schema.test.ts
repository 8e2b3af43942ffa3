import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "@flowc/dsl";
import { FlowError, start, type FlowDefinition } from "@flowc/runtime";
import { describe, expect, it } from "vitest";
import { deliveryFlow } from "./support/match-flows.js";

// docs/definition.schema.json must describe what the compiler writes and what
// the runtime accepts. Checked with a small validator for the keywords the
// schema uses (no JSON Schema library in the project): a keyword it does not
// know fails the test, so the schema cannot silently outgrow it.

type Schema = Record<string, unknown>;
const root = join(import.meta.dirname, "..");
const schema = JSON.parse(
  readFileSync(join(root, "docs", "definition.schema.json"), "utf8"),
) as Schema;

const KNOWN = new Set([
  "$schema",
  "$id",
  "$defs",
  "$ref",
  "title",
  "description",
  "type",
  "const",
  "enum",
  "oneOf",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "minimum",
]);

const typeOf = (v: unknown) =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : Number.isInteger(v)
        ? "integer"
        : typeof v;

/** Every problem found in `value` against `s` (empty when valid). */
function validate(value: unknown, s: Schema, at = "$"): string[] {
  for (const k of Object.keys(s))
    if (!KNOWN.has(k)) throw new Error(`the test validator does not know ${k}`);
  if (typeof s.$ref === "string") {
    const name = s.$ref.replace("#/$defs/", "");
    return validate(value, (schema.$defs as Record<string, Schema>)[name]!, at);
  }
  const problems: string[] = [];
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number")))
      return [`${at}: not ${types.join("/")}`];
  }
  if ("const" in s && value !== s.const)
    problems.push(`${at}: not ${JSON.stringify(s.const)}`);
  if (s.enum && !(s.enum as unknown[]).includes(value))
    problems.push(`${at}: not one of ${JSON.stringify(s.enum)}`);
  if (s.oneOf) {
    const passing = (s.oneOf as Schema[]).filter(
      (sub) => validate(value, sub, at).length === 0,
    ).length;
    if (passing !== 1) problems.push(`${at}: matches ${passing} of oneOf`);
  }
  if (
    typeof s.minimum === "number" &&
    typeof value === "number" &&
    value < s.minimum
  )
    problems.push(`${at}: below minimum`);
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems)
      problems.push(`${at}: too few items`);
    if (s.items)
      value.forEach((x, i) =>
        problems.push(...validate(x, s.items as Schema, `${at}[${i}]`)),
      );
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[])
      if (!(r in obj)) problems.push(`${at}: no ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) problems.push(...validate(v, props[k], `${at}.${k}`));
      else if (s.additionalProperties === false)
        problems.push(`${at}: unexpected ${k}`);
    }
  }
  return problems;
}

function flows(): { file: string; definition: FlowDefinition }[] {
  const dirs = ["test/fixtures/runtime", "test/types", "flows"];
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith(".flow"))
      .flatMap((f) => {
        const definition = compile(
          readFileSync(join(root, dir, f), "utf8"),
          f,
        ).definition;
        return definition ? [{ file: `${dir}/${f}`, definition }] : [];
      }),
  );
}

describe("docs/definition.schema.json", () => {
  const compiled = flows();

  it("accepts every compiled flow", () => {
    expect(compiled.length).toBeGreaterThan(4);
    for (const { file, definition } of compiled)
      expect([file, validate(definition, schema)]).toEqual([file, []]);
    // Choice inputs and matches, hand-made as the compiler writes them.
    expect(validate(deliveryFlow(), schema)).toEqual([]);
  });

  it("rejects what the runtime rejects", () => {
    const base = compiled.find((c) =>
      c.file.endsWith("tickets.flow"),
    )!.definition;
    const damaged: [string, (d: Record<string, any>) => void][] = [
      ["a wrong format", (d) => (d.format = "other")],
      ["another version", (d) => (d.version = 1)],
      ["a kind that is a list", (d) => (d.blocks[0].outputs[0].kind = ["ticket"])],
      ["an ask without derivedId", (d) => delete d.asks[0].derivedId],
      ["a missing hash", (d) => delete d.hash],
      ["a text that is a number", (d) => (d.asks[0].text = 5)],
      [
        "a placeholder that is not {input}",
        (d) => (d.asks[0].text = [{ name: "x" }]),
      ],
      [
        "an unknown output kind",
        (d) => (d.blocks[0].outputs[0].kind = "shout"),
      ],
      [
        "an unknown priority",
        (d) => (d.blocks[0].outputs[0].priority = "asap"),
      ],
      ["a next with two targets", (d) => (d.entry = { ask: 0, block: 0 })],
      ["a next that does not end", (d) => (d.entry = { end: false })],
      ["a negative index", (d) => (d.entry = { block: -1 })],
      ["an ask without options", (d) => (d.asks[0].options = [])],
      [
        "a field without required",
        (d) => delete d.blocks[0].outputs[0].fields[0].required,
      ],
    ];
    expect(base.blocks[0]!.outputs[0]!.kind).toBe("ticket");
    // And for matches, on the hand-made flow.
    const matchDamage: [string, (d: Record<string, any>) => void][] = [
      ["a match without else", (d) => delete d.matches[0].else],
      ["a case without values", (d) => (d.matches[0].cases[0].values = [])],
      ["a match without cases", (d) => (d.matches[0].cases = [])],
      ["a choice input without values", (d) => (d.inputs[1].values = [])],
      ["a value without label", (d) => delete d.inputs[1].values[0].label],
      ["a negative match index", (d) => (d.entry = { match: -1 })],
      ["no matches", (d) => delete d.matches],
    ];
    for (const [what, damage] of matchDamage) {
      const d = structuredClone(deliveryFlow()) as Record<string, any>;
      damage(d);
      expect(validate(d, schema), what).not.toEqual([]);
      expect(
        () => start(d as FlowDefinition, { client_name: "a", client_type: "person" }),
        what,
      ).toThrow(FlowError);
    }
    for (const [what, damage] of damaged) {
      const d = structuredClone(base) as Record<string, any>;
      damage(d);
      expect(validate(d, schema), what).not.toEqual([]);
      expect(
        () => start(d as FlowDefinition, { client_name: "a", order_id: "b" }),
        what,
      ).toThrow(FlowError);
    }
  });
});
