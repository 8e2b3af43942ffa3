import type { CliIO } from "./io.js";

/**
 * How text looks on a terminal: colour, plurals, and making text that comes
 * from a flow safe to print.
 */

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

// C0 controls but tab and line feed, DEL, and the C1 controls (U+0080–U+009F,
// which some terminals also obey: U+009B starts an escape sequence).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from a flow (a label, a question, a key, a file name), made safe to
 * print on a terminal: a control character would clear the screen, set the
 * title or write the clipboard (OSC 52), so it is shown as its "control
 * picture" (ESC → ␛, as the code frames do), a C1 control as `\u{9b}`.
 * Tabs and line breaks are kept.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return `\\u{${code.toString(16)}}`;
  });
}
