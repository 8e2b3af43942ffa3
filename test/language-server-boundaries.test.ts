import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The editor's layers: the language service uses only the dsl's public API
// (check, format), its AST types and the keyword table's adapter; the server
// uses the service and vscode-languageserver, nothing deeper.
// (Kept apart from boundaries.test.ts, which other branches edit; merge in.)

const root = join(import.meta.dirname, "..");
const imports = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) =>
      [...readFileSync(join(root, dir, f), "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => ({
        file: `${dir}/${f}`,
        specifier: m[1]!,
      })),
    );

describe("editor layers", () => {
  it("the language service reads the dsl only through its public API, AST types and the keyword adapter", () => {
    const outside = imports("packages/dsl/src/service").filter(
      (r) =>
        !r.specifier.startsWith("./") &&
        !["../index.js", "../ast/types.js", "../diagnostics.js", "../source.js"].includes(r.specifier) &&
        !(r.file.endsWith("keywords.ts") && r.specifier === "../syntax/keywords.js"),
    );
    expect(outside).toEqual([]);
  });

  it("the language server uses the service and vscode-languageserver only", () => {
    const outside = imports("packages/language-server/src").filter(
      (r) =>
        !r.specifier.startsWith("./") &&
        !["@flowc/dsl/service", "vscode-languageserver", "vscode-languageserver-textdocument"].includes(
          r.specifier.replace(/\/(node|browser)\.js$/, ""),
        ),
    );
    expect(outside).toEqual([]);
  });
});
