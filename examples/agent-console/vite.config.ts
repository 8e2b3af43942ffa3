import { flowc } from "@flowc/vite";
import { defineConfig } from "vite";

// `npm run demo` (dev server) and `vite build examples/agent-console`.
// The flows come from the repository's flows/ folder, compiled by the plugin.
// The seed flow knowingly carries todos (what the original page does not
// show): one warning line per flow instead of one per todo.
export default defineConfig({
  plugins: [flowc({ warnings: "count" })],
  build: {
    target: "es2022",
    // The bundle is small: one chunk, no preload polyfill.
    modulePreload: { polyfill: false },
  },
});
