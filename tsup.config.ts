import { defineConfig } from "tsup";

// One build for the whole workspace: each package gets its own dist/.
export default defineConfig([
  {
    entry: { index: "packages/runtime/src/index.ts" },
    outDir: "packages/runtime/dist",
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2020",
    platform: "neutral",
    sourcemap: false,
  },
  {
    entry: { index: "packages/dsl/src/index.ts" },
    outDir: "packages/dsl/dist",
    format: ["esm"],
    dts: true,
    clean: true,
    target: "node20",
    platform: "node",
    external: ["chevrotain", "prettier"],
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
]);
