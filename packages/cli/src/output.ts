import type { CliIO } from "./io.js";

/**
 * Colour decision, in order: NO_COLOR (any non-empty value) turns colour
 * off; FORCE_COLOR=0 (or "false") turns it off; any other FORCE_COLOR value
 * turns it on, even in a pipe; otherwise colour only when stdout is a TTY.
 */
export function useColor(io: Pick<CliIO, "env" | "isTTY">): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined)
    return force !== "0" && force.toLowerCase() !== "false";
  return io.isTTY;
}

/** ANSI styles that are identity functions when colour is off. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

export function createStyle(color: boolean): Style {
  const wrap = (open: string) => (text: string) =>
    color ? `\x1b[${open}m${text}\x1b[0m` : text;
  return {
    bold: wrap("1"),
    dim: wrap("2"),
    red: wrap("1;31"),
    yellow: wrap("1;33"),
    green: wrap("1;32"),
    cyan: wrap("36"),
  };
}

/** `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
