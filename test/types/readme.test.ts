/**
 * The README's TypeScript examples compile as shown, against the module that
 * `flowc build` makes of the seed flow (flows/order-status.flow): no
 * diagnostics, except exactly on the lines marked `// compile error`.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compile, emitTypeScript } from "@flowc/dsl";
import ts from "typescript";
import { afterAll, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "flowc-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blocks = [
  ...readFileSync(join(root, "README.md"), "utf8").matchAll(
    /^```ts\n([\s\S]*?)^```$/gm,
  ),
].map((m) => m[1]!);

it("the README has TypeScript examples, and they compile against the built seed flow", () => {
  expect(blocks.length).toBeGreaterThan(0);
  const seed = compile(
    readFileSync(join(root, "flows/order-status.flow"), "utf8"),
    "order-status.flow",
  );
  mkdirSync(join(dir, "build/flows"), { recursive: true });
  writeFileSync(
    join(dir, "build/flows/order-status.ts"),
    emitTypeScript(seed.definition!, { sourceName: "order-status.flow" }),
  );
  const files = blocks.map((text, i) => {
    const file = join(dir, `readme-${i + 1}.ts`);
    writeFileSync(file, text);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
    paths: { "@flowc/runtime": [join(root, "packages/runtime/src/index.ts")] },
  });
  const errorLines = ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file?.fileName}:${d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line}`,
    );
  const marked = files.flatMap((file, i) =>
    blocks[i]!.split("\n").flatMap((line, n) =>
      line.includes("// compile error") ? [`${file}:${n}`] : [],
    ),
  );
  expect(marked.length).toBeGreaterThan(0);
  expect([...new Set(errorLines)].sort()).toEqual(marked.sort());
});
