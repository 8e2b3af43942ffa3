import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const dir = process.argv[2];
for (const m of process.argv.slice(3)) {
  const out = await build({ entryPoints: [dir + m + ".ts"], bundle: false, minify: true, format: "esm", target: "es2022", write: false, loader: {".ts":"ts"} });
  const code = out.outputFiles[0].contents;
  console.log(m.padEnd(10), code.length, gzipSync(code, { level: 9 }).length);
}
