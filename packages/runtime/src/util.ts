/** Small shared helpers (one place, so the bundle stays small). */
export type Obj = Record<string, unknown>;

export const F = Object.freeze;

export const isObj = (v: unknown): v is Obj =>
  typeof v == "object" && v !== null && !Array.isArray(v);
