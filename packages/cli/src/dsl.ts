/**
 * @flowc/dsl, loaded on first use. The compiler (chevrotain and the parser
 * it builds) takes most of flowc's start-up time, so `--version`, `--help`
 * and usage errors answer without loading it; commands that compile await
 * this once.
 */
export type Dsl = typeof import("@flowc/dsl");

export function loadDsl(): Promise<Dsl> {
  return import("@flowc/dsl");
}
