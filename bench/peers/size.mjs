/**
 * Bytes a browser app pays for each runtime: a tiny app that imports only the
 * player, bundled by esbuild (bundle, minify, browser platform, ES2022,
 * tree-shaken ESM), then gzip level 9. Each app does the same job: load a
 * compiled flow it is handed, start it, make one choice, read the result.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FLOWC_RUNTIME = fileURLToPath(new URL("../../packages/runtime/dist/index.js", import.meta.url));

export const APPS = {
  flowc: `
import { start, choose, result } from ${JSON.stringify(FLOWC_RUNTIME)};
globalThis.play = (flow, key) => result(choose(start(flow), key));
`,
  inkjs: `
import { Story } from "inkjs";
globalThis.play = (json, index) => {
  const story = new Story(json);
  story.ContinueMaximally();
  story.ChooseChoiceIndex(index);
  return story.ContinueMaximally();
};
`,
  xstate: `
import { createMachine, createActor } from "xstate";
globalThis.play = (config, type) => {
  const actor = createActor(createMachine(config)).start();
  actor.send({ type });
  return actor.getSnapshot().getMeta();
};
`,
};

export async function bundleSize(tool) {
  const out = await build({
    stdin: { contents: APPS[tool], resolveDir: ROOT, sourcefile: `${tool}-app.js`, loader: "js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
    // esbuild's default conditions for the browser ("browser", "module",
    // "import") pick each package's browser ESM build, as an app bundler would.
  });
  const code = out.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
