import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const dir = process.cwd() + "/packages/runtime/src/";
for (const m of ["errors", "util", "inputs", "load", "session", "result", "serialize"]) {
  const out = await build({ entryPoints: [dir + m + ".ts"], bundle: false, minify: true, format: "esm", target: "es2022", write: false, loader: {".ts":"ts"} });
  const code = out.outputFiles[0].contents;
  console.log(m.padEnd(10), code.length, gzipSync(code, { level: 9 }).length);
}
