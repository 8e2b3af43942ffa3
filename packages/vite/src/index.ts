/**
 * @flowc/vite — import `.flow` files as compiled flowc modules:
 *
 *     import flow from "./order-status.flow";
 *     const session = start(flow, { client_name: "Анна" });
 *
 * Each import is compiled by @flowc/dsl when it is loaded; the module is the
 * one `flowc build --emit ts` writes, with its types stripped, so the bundle
 * holds the compiled definition and never the compiler. Errors become Vite
 * errors (the overlay in dev, a failed build otherwise) with the file, line,
 * column and flowc's code frame; warnings go to the terminal.
 */
import { readFile } from "node:fs/promises";
import { basename, isAbsolute, relative } from "node:path";
import { compile, emitTypeScript } from "@flowc/dsl";
import type { Plugin } from "vite";
import * as vite from "vite";
import { errorOf, warningCountOf, warningOf } from "./diagnostics.js";
import { declarationOf, declarationPath, writeDeclaration } from "./dts.js";

export interface FlowcPluginOptions {
  /**
   * Write `<name>.d.flow.ts` beside every imported `<name>.flow`: the exact
   * types of that flow (its input names, ask ids and option keys), which
   * TypeScript picks up for `import flow from "./<name>.flow"` when the
   * tsconfig has `"allowArbitraryExtensions": true`. Files are only written
   * when their content changes. Default false.
   */
  readonly dts?: boolean;
  /** Treat warnings (todo, unused input, …) as errors, like `flowc check --strict`. Default false. */
  readonly strict?: boolean;
  /**
   * How warnings reach Vite's log: `"each"` (default) one message per warning
   * with its place and code frame, like `flowc check`; `"count"` one line per
   * file with the number of each kind (for flows that knowingly carry todos);
   * `"none"` not at all.
   */
  readonly warnings?: "each" | "count" | "none";
}

const FLOW_ID = /\.flow(?:$|\?)/;

export function flowc(options: FlowcPluginOptions = {}): Plugin {
  return {
    name: "flowc",
    enforce: "pre",
    async load(id) {
      if (!FLOW_ID.test(id) || id.startsWith("\0")) return null;
      const file = id.replace(/\?.*$/, "");
      // Watched even when it lies outside Vite's root (flows/ beside the app):
      // an edit invalidates the module, and since nothing accepts the update
      // in place, the page reloads with the new flow (or its errors).
      this.addWatchFile(file);
      const text = await readFile(file, "utf8");
      const result = compile(text, displayPath(file));
      const errors = result.diagnostics.filter(
        (d) => d.severity === "error" || options.strict,
      );
      if (errors.length > 0) {
        // `this.error` throws; Vite shows `loc` and `frame` in the overlay / build log.
        return this.error(errorOf(file, result.source, errors));
      }
      if (result.definition === null) {
        return this.error(
          `flowc: internal error: ${file} compiled without errors but without a definition`,
        );
      }
      const warnings = result.diagnostics;
      if (warnings.length > 0 && options.warnings === "count") {
        this.warn(warningCountOf(file, result.source, warnings));
      } else if (options.warnings !== "none") {
        for (const w of warnings) this.warn(warningOf(file, result.source, w));
      }
      const ts = emitTypeScript(result.definition, {
        sourceName: basename(file),
      });
      if (options.dts === true)
        await writeDeclaration(declarationPath(file), declarationOf(ts));
      return { code: await stripTypes(ts, file), map: { mappings: "" } };
    },
  };
}

/** Paths in messages: relative to the working directory when the file is under it, as `flowc check` prints them. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel))
    return rel.split("\\").join("/");
  return file;
}

/** The generated module is TypeScript; the browser needs plain JS. Vite 8 ships oxc, earlier ones esbuild. */
async function stripTypes(code: string, file: string): Promise<string> {
  const filename = `${file}.ts`;
  const v = vite as unknown as Record<string, unknown>;
  if (typeof v.transformWithOxc === "function") {
    const transform = v.transformWithOxc as (
      code: string,
      filename: string,
      options: { lang: "ts" },
    ) => Promise<{ code: string }>;
    return (await transform(code, filename, { lang: "ts" })).code;
  }
  const transform = v.transformWithEsbuild as (
    code: string,
    filename: string,
    options: { loader: "ts" },
  ) => Promise<{ code: string }>;
  return (await transform(code, filename, { loader: "ts" })).code;
}

export default flowc;
