import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const entry = process.cwd() + "/packages/runtime/src/index.ts";
const contents = `import * as runtime from ${JSON.stringify(entry)}; window.runtime = runtime;`;
const out = await build({ stdin: { contents, loader: "js", resolveDir: process.cwd() }, bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022", write: false,
  mangleProps: /^(conversation|previous|choices|answered|outputs|ask|flow|inputs)$/ , reserveProps: /^$/ });
const code = out.outputFiles[0].contents;
console.log(code.length, gzipSync(code, { level: 9 }).length);
