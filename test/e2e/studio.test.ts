import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { screenshotPath } from "../support/screenshots.js";
import { toolOrSkip } from "../support/tools.js";

// The studio's web app (packages/studio/src/app, built into dist/app by
// `npm run build`) in headless Chromium, served by the real `flowc studio`
// (the built bin) over a temporary folder of flows.
const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "packages/cli/bin/flowc.js");
const chromiumPath = toolOrSkip("chromium")?.path;
/** How long a check waits for the page to catch up (a busy machine; the one-second promise is checked on its own). */
const POLL = { timeout: 5000 };

let browser: Browser;
let studio: ChildProcess;
let address: string;
let dir: string;
let page: Page;
let errors: string[];

const FLOW = 'flow greet "Greeting"\n\ninput client_name "Name"\n\nask kind "Who calls?" {\n  option person "A person" -> person\n  option company "A company" {\n    say "Hello, company {client_name}."\n  }\n}\n\nnode person {\n  say "Hello, {client_name}!"\n  note "Be nice."\n}\n';


/** The editor's text, as CodeMirror shows it (one line per .cm-line). */
async function editorText(p: Page): Promise<string> {
  return p.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].map((l) => l.textContent).join("\n"),
  );
}

/** Put the cursor at the end of the line that holds `text`. */
async function cursorAfter(p: Page, text: string): Promise<void> {
  await p.locator(".cm-line", { hasText: text }).first().click();
  await p.keyboard.press("End");
}

async function startConversation(p: Page, name = "Anna"): Promise<void> {
  await p.fill("#input-client_name", name);
  await p.click("#preview button[type=submit]");
}

describe.skipIf(!chromiumPath)("the studio in a browser", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "flowc-studio-"));
    studio = spawn(process.execPath, [bin, "studio", dir, "--port", "0"], { env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    studio.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    studio.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const match = /^flowc studio: (http:\/\/\S+)$/m.exec(out);
      if (match) {
        address = match[1]!;
        break;
      }
      if (Date.now() > deadline || studio.exitCode !== null) throw new Error(`flowc studio did not start:\n${out}`);
      await new Promise((done) => setTimeout(done, 50));
    }
    browser = await chromium.launch({ executablePath: chromiumPath!, args: ["--no-sandbox", "--disable-gpu"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    studio?.kill("SIGINT");
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    writeFileSync(join(dir, "greet.flow"), FLOW);
    cpSync(join(root, "flows/order-status.flow"), join(dir, "order-status.flow"));
    page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${address}&file=greet.flow`);
    await page.locator(".cm-content").waitFor();
    await page.locator("#preview form.start-form").waitFor();
  }, 30_000);
  afterEach(async () => {
    await page?.close();
    expect(errors).toEqual([]);
  });

  it("plays the open flow in the preview: inputs, options, back, restart", async () => {
    await startConversation(page);
    await page.click("#preview .tile[data-key=person]");
    await expect.poll(() => page.locator("#preview .card.say").textContent(), POLL).toContain("Hello, Anna!");
    await expect.poll(() => page.locator("#preview .card.note").textContent(), POLL).toContain("Be nice.");
    await page.click("#preview-back");
    await page.click("#preview .tile[data-key=company]");
    await expect.poll(() => page.locator("#preview .card.say").textContent(), POLL).toContain("Hello, company Anna.");
    await page.click("#preview-restart");
    await expect.poll(() => page.locator("#preview .tile").count(), POLL).toBe(2);
  }, 30_000);

  it("shows a mistake within a second as it is typed, with its message, and takes it away on undo", async () => {
    const before = await editorText(page);
    await cursorAfter(page, 'note "Be nice."');
    await page.keyboard.press("Enter");
    await page.keyboard.type("-> nowhere");
    // The promise to authors: the marker is there within a second of the last key.
    await page.locator(".cm-lintRange-error").first().waitFor({ timeout: 1000 });
    await expect.poll(() => page.locator(".cm-lint-marker-error").count(), POLL).toBeGreaterThan(0);
    await page.locator(".cm-lintRange-error").first().hover();
    await expect
      .poll(() => page.locator(".cm-tooltip-lint").textContent())
      .toContain("There is no node named `nowhere`");
    await expect.poll(() => page.locator("#status").textContent(), POLL).toContain("1 error");
    // Undo until the text is back: the marker goes with the mistake.
    for (let i = 0; i < 5 && (await editorText(page)) !== before; i++) await page.keyboard.press("Control+z");
    expect(await editorText(page)).toBe(before);
    await expect.poll(() => page.locator(".cm-lintRange-error").count(), { timeout: 2000 }).toBe(0);
    await expect.poll(() => page.locator("#status").textContent(), POLL).toBe("No problems.");
  }, 30_000);

  it("offers the server's quick fix on a marker, completes jump targets and formats on Shift+Alt+F", async () => {
    await cursorAfter(page, 'option person "A person" -> person');
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("sn");
    await page.locator(".cm-lintRange-error").first().waitFor();
    // The marker comes first and its quick fixes a moment later: hover again until they are there.
    const fix = page.locator(".cm-tooltip-lint .cm-diagnosticAction").first();
    await expect
      .poll(async () => {
        await page.mouse.move(5, 5);
        await page.locator(".cm-lintRange-error").first().hover();
        return fix.waitFor({ timeout: 1000 }).then(
          () => true,
          () => false,
        );
      }, { timeout: 15_000 })
      .toBe(true);
    expect(await fix.textContent()).toContain("person");
    await fix.click();
    await expect.poll(() => editorText(page), POLL).toContain('option person "A person" -> person\n');
    await expect.poll(() => page.locator(".cm-lintRange-error").count(), { timeout: 2000 }).toBe(0);
    // Completion after `->` offers the nodes.
    await cursorAfter(page, 'note "Be nice."');
    await page.keyboard.press("Enter");
    await page.keyboard.type("-> pe");
    await expect.poll(() => page.locator(".cm-tooltip-autocomplete .cm-completionLabel").allTextContents(), POLL).toContain("person");
    await page.keyboard.press("Escape");
    // Format: the badly indented line is put right.
    await page.keyboard.press("Control+a");
    await page.keyboard.type('flow greet "Greeting"\nsay    "Hi"\n');
    await page.keyboard.press("Shift+Alt+f");
    await expect.poll(() => editorText(page), POLL).toBe('flow greet "Greeting"\n\nsay "Hi"\n');
  }, 30_000);

  it("hovers a question with its id and options, and goes to a node's definition with F12", async () => {
    const id = await page.locator(".cm-line", { hasText: 'ask kind "Who calls?"' }).locator("span").nth(1).boundingBox();
    await page.mouse.move(id!.x + id!.width / 2, id!.y + id!.height / 2);
    await page.locator(".cm-tooltip-hover").waitFor({ timeout: 5000 });
    expect(await page.locator(".cm-tooltip-hover").textContent()).toContain("kind");
    // The tooltip lies over the next lines: move away so that it closes.
    await page.mouse.move(5, 5);
    await expect.poll(() => page.locator(".cm-tooltip-hover").count(), POLL).toBe(0);
    await cursorAfter(page, 'option person "A person" -> person');
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("F12");
    await expect.poll(() => page.locator(".cm-activeLine").textContent(), POLL).toBe("node person {");
  }, 30_000);

  it("follows edits in the preview: a new wording stays in place, a removed choice is said", async () => {
    await startConversation(page);
    await page.click("#preview .tile[data-key=person]");
    await page.locator("#preview .card.note").waitFor();
    // A new wording: the same choices replay, the preview shows the new text.
    await page.locator(".cm-line", { hasText: "Be nice." }).click();
    await page.keyboard.press("End");
    for (let i = 0; i < '."'.length + "nice".length; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Shift+End");
    await page.keyboard.type('kind."');
    await expect.poll(() => page.locator("#preview .card.note").textContent(), POLL).toContain("Be kind.");
    await expect.poll(() => page.locator("#preview .answered").count(), POLL).toBe(1);
    // The chosen option renamed: the preview says so and stops at the question.
    await page.locator(".cm-line", { hasText: 'option person "A person"' }).click();
    await page.keyboard.press("Home");
    for (let i = 0; i < "option per".length; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Delete");
    await page.keyboard.press("Delete");
    await page.keyboard.press("Delete");
    await page.keyboard.type("sona");
    await expect
      .poll(() => page.locator("#preview .preview-banner.notice").textContent())
      .toContain("Choice «person» at question «kind» no longer exists");
    await expect.poll(() => page.locator("#preview .tile").count(), POLL).toBe(2);
    // Mended: the preview plays on from the same choices.
    for (let i = 0; i < 5 && !(await editorText(page)).includes("option person "); i++) await page.keyboard.press("Control+z");
    await expect.poll(() => page.locator("#preview .card.note").textContent(), POLL).toContain("Be kind.");
    await expect.poll(() => page.locator("#preview .preview-banner.notice").count(), POLL).toBe(0);
  }, 30_000);

  it("moves the cursor to a diagram element when it is clicked, and outlines the cursor's question", async () => {
    await page.click("#tab-diagram");
    await page.locator("#diagram svg").waitFor({ timeout: 15_000 });
    const node = page.locator('#diagram g.node[data-element="node_person"]');
    await node.waitFor({ timeout: 15_000 });
    await node.click();
    await expect.poll(() => page.locator(".cm-activeLine").textContent(), POLL).toBe("node person {");
    await page.locator(".cm-line", { hasText: "A company" }).click();
    await expect.poll(() => page.locator("#diagram g.node.current").getAttribute("data-element"), POLL).toBe("ask_kind");
  }, 30_000);

  it("lists every path, and plays one when it is clicked", async () => {
    await page.click("#tab-paths");
    await expect.poll(() => page.locator("#paths .path").count(), POLL).toBe(2);
    await page.locator("#paths .path", { hasText: "A company" }).click();
    await expect.poll(() => page.locator("#preview .card.say").textContent(), POLL).toContain("Hello, company [Name].");
  }, 30_000);

  it("saves with Ctrl+S, marks unsaved work, and asks before overwriting a file changed on disk", async () => {
    await cursorAfter(page, 'note "Be nice."');
    await page.keyboard.press("Enter");
    await page.keyboard.type('say "Saved from the studio."');
    await expect.poll(() => page.locator('.file[data-path="greet.flow"] .unsaved').count(), POLL).toBe(1);
    await page.keyboard.press("Control+s");
    await expect.poll(() => readFileSync(join(dir, "greet.flow"), "utf8"), POLL).toContain('say "Saved from the studio."');
    await expect.poll(() => page.locator('.file[data-path="greet.flow"] .unsaved').count(), POLL).toBe(0);
    // Unsaved work, and the file changes on disk: the studio asks.
    await page.keyboard.type(" // mine");
    writeFileSync(join(dir, "greet.flow"), FLOW.replace("Be nice.", "Changed outside."));
    await expect.poll(() => page.locator("#banner").textContent(), { timeout: 10_000 }).toContain("changed on disk");
    await page.locator("#banner button", { hasText: "Load the disk's version" }).click();
    await expect.poll(() => editorText(page), POLL).toContain("Changed outside.");
    await expect.poll(() => page.locator('.file[data-path="greet.flow"] .unsaved').count(), POLL).toBe(0);
  }, 30_000);

  it("reloads a file changed on disk when the editor has no unsaved changes", async () => {
    writeFileSync(join(dir, "greet.flow"), FLOW.replace("Be nice.", "Edited in another editor."));
    await expect.poll(() => editorText(page), { timeout: 10_000 }).toContain("Edited in another editor.");
    await expect.poll(() => page.locator("#banner").isHidden(), POLL).toBe(true);
  }, 30_000);

  it("looks right (screenshots for the README: docs/images/studio.png, studio-diagram.png)", async () => {
    // The seed flow, mid-conversation, with a slip in the text and its marker's message.
    await page.click('.file[data-path="order-status.flow"]');
    await page.locator("#preview form.start-form").waitFor();
    await startConversation(page, "Анна");
    await page.click("#preview .tile[data-key=cancelled_in_wcrm]");
    await page.locator("#preview .question").waitFor();
    // CodeMirror draws only the lines in view: page down to it.
    const line = page.locator(".cm-line", { hasText: "ask technical_return" });
    await page.locator(".cm-content").click();
    for (let i = 0; i < 30 && (await line.count()) === 0; i++) await page.keyboard.press("PageDown");
    await line.click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("-> cancelled_in_wcr");
    await page.keyboard.press("Escape");
    await page.locator(".cm-lintRange-error").first().hover();
    await page.locator(".cm-tooltip-lint").waitFor();
    await page.screenshot({ path: screenshotPath("studio.png") });
    // The diagram of a flow with a broken jump: the missing node is red; the cursor's question is outlined.
    await page.click('.file[data-path="greet.flow"]');
    await cursorAfter(page, 'option person "A person" -> person');
    await page.keyboard.press("Backspace");
    await page.keyboard.type("_desk");
    await page.click("#tab-diagram");
    await page.locator('#diagram g.node[data-element^="missing_"]').waitFor({ timeout: 15_000 });
    await page.locator(".cm-line", { hasText: "A company" }).click();
    await expect.poll(() => page.locator("#diagram g.node.current").count(), POLL).toBe(1);
    await page.screenshot({ path: screenshotPath("studio-diagram.png") });
  }, 60_000);
});
