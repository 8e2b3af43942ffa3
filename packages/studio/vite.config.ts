import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The studio's web app (src/app), built two ways:
 * - `vite build --config packages/studio/vite.config.ts` (part of `npm run build`):
 *   into dist/app, served by `flowc studio`; files go through its HTTP API.
 * - the same with `--mode static` (`npm run studio:build`): a page that needs no
 *   server, into build/studio-static at the repository root; files are opened
 *   and saved by the browser. src/app/files/index.ts picks the backend by mode,
 *   and the other backend is left out of the bundle.
 */
export default defineConfig(({ mode }) => ({
  root: here("./src/app"),
  // Relative asset URLs: the static page can be hosted under any path.
  base: "./",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: mode === "static" ? here("../../build/studio-static") : here("./dist/app"),
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
  },
  worker: { format: "es" },
}));
