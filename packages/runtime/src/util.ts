/** A plain object (not null, not a list): what JSON calls an object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own property's value: never one inherited from a prototype (`constructor`, `__proto__`…). */
export function own(object: object, key: string): unknown {
  return Object.hasOwn(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;
}

/** A whole number that indexes `items`. */
export const isIndex = (value: unknown, items: readonly unknown[]) =>
  Number.isInteger(value) &&
  (value as number) >= 0 &&
  (value as number) < items.length;
