import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";

// `npm run studio:build`: the studio as a static page that needs no server.
// Built here with the same config and mode (into a temporary folder), then
// read: the app and the preloaded example are in it, and nothing of the
// server's API is.
const config = fileURLToPath(new URL("../packages/studio/vite.config.ts", import.meta.url));
const example = readFileSync(fileURLToPath(new URL("../flows/order-status.flow", import.meta.url)), "utf8");
const out = mkdtempSync(join(tmpdir(), "flowc-studio-static-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function scripts(dir: string): string {
  const assets = join(dir, "assets");
  return readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(assets, f), "utf8"))
    .join("\n");
}

describe("the static studio page", () => {
  it("holds the app and the example flow, and makes no call to a server", { timeout: 300_000 }, async () => {
    await build({ configFile: config, mode: "static", logLevel: "error", build: { outDir: out } });
    const html = readFileSync(join(out, "index.html"), "utf8");
    // Relative asset URLs: the page works from any folder of any host.
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/[^"]+\.js">/);
    const js = scripts(out);
    // The example is preloaded: its header line is in the bundle.
    expect(example.split("\n")[4]).toBe('flow order_status "Статусы заказа"');
    expect(js).toContain('flow order_status "Статусы заказа"');
    expect(js).not.toContain("/api/");
    expect(js).not.toContain("EventSource");
    expect(js).not.toContain("X-Flowc-Token");
  });
});
