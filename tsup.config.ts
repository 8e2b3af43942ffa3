import { defineConfig } from "tsup";

// One build for the whole workspace: each package gets its own dist/.
export default defineConfig([
  {
    entry: { index: "packages/runtime/src/index.ts" },
    outDir: "packages/runtime/dist",
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    sourcemap: false,
  },
  {
    entry: {
      index: "packages/dsl/src/index.ts",
      prettier: "packages/dsl/src/prettier.ts",
      service: "packages/dsl/src/service/index.ts",
      // The keyword table alone, for an editor's highlighter in a page that must not load the compiler.
      keywords: "packages/dsl/src/syntax/keywords.ts",
    },
    outDir: "packages/dsl/dist",
    format: ["esm"],
    dts: true,
    clean: true,
    target: "node20",
    platform: "node",
    external: ["prettier"],
    // chevrotain's package loads hundreds of lodash-es modules (~0.5–1 s of
    // start-up); bundled, the CLI's `check` starts in a fraction of that.
    noExternal: ["chevrotain"],
  },
  {
    entry: { main: "packages/cli/src/main.ts", index: "packages/cli/src/index.ts" },
    outDir: "packages/cli/dist",
    format: ["esm"],
    // Types for the in-process API (`runCli` and the report shapes); the bin needs none.
    dts: { entry: { index: "packages/cli/src/index.ts" } },
    clean: true,
    target: "node20",
    platform: "node",
    external: ["@flowc/dsl", "@flowc/runtime", "@flowc/language-server", "@flowc/studio", "commander", "prettier", "chevrotain"],
  },
  {
    // The studio's server; its web app is built into dist/app by vite (packages/studio/vite.config.ts).
    entry: { index: "packages/studio/src/server/index.ts" },
    outDir: "packages/studio/dist",
    format: ["esm"],
    dts: true,
    // vite's dist/app lives here too.
    clean: false,
    target: "node20",
    platform: "node",
  },
  {
    entry: { index: "packages/language-server/src/index.ts", browser: "packages/language-server/src/browser.ts" },
    outDir: "packages/language-server/dist",
    format: ["esm"],
    dts: true,
    // Two builds share this folder: neither may empty it.
    clean: false,
    target: "es2022",
    platform: "neutral",
    external: ["@flowc/dsl", "vscode-languageserver", "vscode-languageserver-textdocument"],
  },
  {
    // A Web Worker script with everything in it, for pages without a bundler of their own.
    entry: { worker: "packages/language-server/src/worker.ts" },
    outDir: "packages/language-server/dist",
    format: ["esm"],
    dts: false,
    clean: false,
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
  },
  {
    // The VS Code extension: the client, and the language server bundled whole beside it.
    entry: { extension: "editors/vscode/src/extension.ts", server: "editors/vscode/src/server.ts" },
    outDir: "editors/vscode/dist",
    format: ["cjs"],
    outExtension: () => ({ js: ".cjs" }),
    dts: false,
    clean: true,
    target: "node20",
    platform: "node",
    external: ["vscode"],
    noExternal: [/^(?!vscode$).*/],
  },
  {
    entry: { index: "packages/vite/src/index.ts" },
    outDir: "packages/vite/dist",
    format: ["esm"],
    dts: true,
    clean: true,
    target: "node20",
    platform: "node",
    external: ["vite", "@flowc/dsl"],
  },
]);
