import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import the packages by name; they resolve to the sources so the
// suite needs no build (the CLI end-to-end tests use the built binary).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@flowc\/dsl\/service$/, replacement: src("./packages/dsl/src/service/index.ts") },
      { find: /^@flowc\/language-server$/, replacement: src("./packages/language-server/src/index.ts") },
      { find: /^@flowc\/dsl$/, replacement: src("./packages/dsl/src/index.ts") },
      { find: /^@flowc\/runtime$/, replacement: src("./packages/runtime/src/index.ts") },
      { find: /^@flowc\/studio$/, replacement: src("./packages/studio/src/server/index.ts") },
      { find: /^@flowc\/cli$/, replacement: src("./packages/cli/src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/fast-check.setup.ts"],
    // Wall-clock scaling ratios are only meaningful on a quiet machine: they run
    // in the deep mode (`npm run fuzz`), not in every CI run.
    exclude: process.env.FLOWC_FUZZ_RUNS ? [] : ["test/robustness/scaling.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
