import { readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Where TypeScript looks for the types of `import x from "./name.flow"` when
 * `allowArbitraryExtensions` is on: `name.d.flow.ts` in the same folder. A
 * file found there wins over the generic `declare module "*.flow"`.
 */
export function declarationPath(flowFile: string): string {
  return join(dirname(flowFile), `${basename(flowFile, ".flow")}.d.flow.ts`);
}

/**
 * The declaration of a module from `emitTypeScript`: the same text (its types
 * are written out: `Inputs`, `Input`, `Asks`, `FlowSession`), with the
 * definition's value dropped, so `export const flow: FlowDefinition<Inputs,
 * Asks> = {…};` becomes `export declare const flow: FlowDefinition<Inputs, Asks>;`.
 * The type annotation is the generator's own, so the declared type is exactly
 * the module's; a layout this does not recognise is an internal error, never
 * a silently wrong declaration.
 */
export function declarationOf(module: string): string {
  const value = /^export const (\w+): ([^\n=]+) = /m.exec(module);
  const end = module.indexOf("\nexport default ");
  if (value === null || end < value.index) {
    throw new Error(
      "@flowc/vite: internal error: the generated module's layout is not the one dts expects",
    );
  }
  const [, name, type] = value;
  return `${module.slice(0, value.index)}export declare const ${name}: ${type!.trim()};\n${module.slice(end)}`;
}

/**
 * Writes the declaration only when its text changed (an unchanged rewrite
 * would wake file watchers for nothing), and atomically (write a temporary
 * file, then rename), so an editor never reads half a file.
 */
export async function writeDeclaration(
  file: string,
  text: string,
): Promise<boolean> {
  const current = await readFile(file, "utf8").catch(() => null);
  if (current === text) return false;
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, "utf8");
  await rename(temporary, file);
  return true;
}
