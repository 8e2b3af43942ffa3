import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const entry = process.argv[2] ?? "/work/wt/runtime/packages/runtime/src/index.ts";
for (const [name, contents] of Object.entries({
  "start, choose, result": `import { start, choose, result } from ${JSON.stringify(entry)}; globalThis.play = (f, i, k) => result(choose(start(f, i), k));`,
  "every export": `import * as runtime from ${JSON.stringify(entry)}; window.runtime = runtime;`,
})) {
  const out = await build({ stdin: { contents, loader: "js", resolveDir: process.cwd() }, bundle: true, minify: true, ...(process.env.MANGLE ? { mangleProps: new RegExp(process.env.MANGLE) } : {}), format: "esm", platform: "browser", target: "es2022", write: false });
  const code = out.outputFiles[0].contents;
  console.log(name, code.length, gzipSync(code, { level: 9 }).length);
  if (process.argv[3]) console.log(new TextDecoder().decode(code));
}
