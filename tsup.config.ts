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
    dts: false,
    clean: true,
    target: "node20",
    platform: "node",
    external: ["@flowc/dsl", "@flowc/runtime", "commander", "prettier", "chevrotain"],
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
