import { compile, parse } from "@flowc/dsl";

/**
 * What formatting must not change about a flow: its AST without positions
 * and comments, its diagnostics (by code), and its compiled definition.
 */
export function meaning(text: string): { ast: string; codes: string[]; definition: unknown } {
  const ast = JSON.stringify(parse(text).file, (key, value: unknown) =>
    key === "span" || key === "comments" ? undefined : value,
  );
  let definition: unknown = "not compiled";
  let codes: string[] = [];
  try {
    const compiled = compile(text);
    definition = compiled.definition;
    codes = compiled.diagnostics.map((d) => `${d.code}`);
  } catch (error) {
    // Until the checker and emitter land, the AST comparison stands alone.
    if (!/not implemented/.test(String(error))) throw error;
  }
  return { ast, codes, definition };
}

/** The comments of a flow as a multiset (sorted), line breaks normalised. */
export function commentTexts(text: string): string[] {
  return parse(text)
    .file.comments.map((c) => c.value.replace(/\r\n/g, "\n"))
    .sort();
}
