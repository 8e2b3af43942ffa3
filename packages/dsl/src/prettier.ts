/**
 * A prettier 3 plugin for `.flow` files. It reuses flowc's own formatter, so
 * `prettier --write` and `flowc fmt` always agree: the "parser" formats the
 * text and the "printer" returns that result. Comments never reach
 * prettier's comment attachment (the root node has no `comments` array), so
 * prettier cannot misplace or drop them.
 *
 * The language is called "flowc" (prettier's own "flow" parser is Flow JS).
 */
import { createSource, positionAt } from "./source.js";
import { formatFlow } from "./format/print.js";

/** The only node prettier sees: the whole file, already formatted. */
export interface FlowcRoot {
  readonly type: "flowc-file";
  readonly formatted: string;
  readonly start: number;
  readonly end: number;
}

interface ParseOptions {
  readonly filepath?: string;
}

export const languages = [
  {
    name: "flowc",
    parsers: ["flowc"],
    extensions: [".flow"],
    vscodeLanguageIds: ["flowc"],
  },
];

export const parsers = {
  flowc: {
    parse(text: string, options?: ParseOptions): FlowcRoot {
      const path = options?.filepath ?? "<input>";
      const result = formatFlow(text, path);
      if (result.text === null) throw syntaxError(text, path, result.diagnostics);
      return { type: "flowc-file", formatted: result.text, start: 0, end: text.length };
    },
    astFormat: "flowc-ast",
    locStart: (node: FlowcRoot): number => node.start,
    locEnd: (node: FlowcRoot): number => node.end,
  },
};

export const printers = {
  "flowc-ast": {
    print(path: { readonly node: FlowcRoot }): string {
      return path.node.formatted;
    },
  },
};

export default { languages, parsers, printers };

/**
 * Prettier reports a parse error by its message and shows a code frame when
 * the error has `loc` (1-based line and column).
 */
function syntaxError(
  text: string,
  path: string,
  diagnostics: readonly { severity: string; message: string; span: { start: number; end: number } }[],
): Error {
  const source = createSource(path, text);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const lines = errors.map((d) => {
    const at = positionAt(source, d.span.start);
    return `${path}:${at.line}:${at.column}: ${d.message}`;
  });
  const first = errors[0]!;
  const start = positionAt(source, first.span.start);
  const end = positionAt(source, Math.max(first.span.end, first.span.start));
  const error = new SyntaxError(lines.join("\n")) as SyntaxError & {
    loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  };
  error.loc = { start, end };
  return error;
}
