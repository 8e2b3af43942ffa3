import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/studio-harness.js";
import { toolOrSkip } from "../support/tools.js";

// The studio's web app (packages/studio/src/app, built into dist/app by
// `npm run build`) in headless Chromium, over a temporary folder of flows.
const root = resolve(import.meta.dirname, "../..");
const appDir = join(root, "packages/studio/dist/app");
const chromiumPath = toolOrSkip("chromium")?.path;
const SHOTS = process.env.FLOWC_STUDIO_SHOTS === "1";

let browser: Browser;
let server: Harness;
let dir: string;
let page: Page;
let errors: string[];

const FLOW = 'flow greet "Greeting"\n\ninput client_name "Name"\n\nask kind "Who calls?" {\n  option person "A person" -> person\n  option company "A company" {\n    say "Hello, company {client_name}."\n  }\n}\n\nnode person {\n  say "Hello, {client_name}!"\n  note "Be nice."\n}\n';

describe.skipIf(!chromiumPath)("the studio in a browser", () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath!, args: ["--no-sandbox", "--disable-gpu"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "flowc-studio-"));
    writeFileSync(join(dir, "greet.flow"), FLOW);
    cpSync(join(root, "flows/order-status.flow"), join(dir, "order-status.flow"));
    server = await startHarness(dir, appDir);
    page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}&file=greet.flow`);
    await page.locator(".cm-content").waitFor();
    await page.locator("#preview form.start-form").waitFor();
  }, 30_000);
  afterEach(async () => {
    await page?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });

  it("plays the open flow in the preview", async () => {
    await page.fill("#input-client_name", "Anna");
    await page.click("#preview button[type=submit]");
    await page.click("#preview .tile[data-key=person]");
    await expect.poll(() => page.locator("#preview .card.say").textContent()).toContain("Hello, Anna!");
    if (SHOTS) await page.screenshot({ path: join(root, "docs/images/studio.png") });
  }, 30_000);
});
