/**
 * The studio in Chromium (/usr/bin/chromium or FLOWC_CHROMIUM) on the peers' 1,000-question flow, served by the real
 * `flowc studio` server, each run in a fresh browser context. What an author waits for (docs/benchmarks.md): opening
 * (the editor shows the flow, the preview a question, then a typed key shows: "interactive"); typing 40 keys in a text
 * in the middle of the file, 60 ms apart (the longest main-thread task, from PerformanceObserver `longtask`); the
 * preview's replay five choices deep, from the keydown of an edit to the question it waits on to the preview showing it.
 * On a loaded machine, compare the replay with one compile() of the same text in Node, timed in the same run.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { writeFileAtomic } from "../packages/cli/dist/index.js";
import { compile } from "../packages/dsl/dist/index.js";
import { startStudio } from "../packages/studio/dist/index.js";
import { fmtSummary, printTable, quick, summarize, timeOnce } from "./lib/measure.mjs";
import { toFlow } from "./lib/forms.mjs";
import { generateTree } from "./lib/tree.mjs";

const executablePath = process.env.FLOWC_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.log(`skipped: no Chromium at ${executablePath} (set FLOWC_CHROMIUM)`);
  process.exit(0);
}
const SIZE = 1000;
const RUNS = quick ? 2 : 7;

const text = toFlow(generateTree(SIZE));
const compileMs = Array.from({ length: 7 }, () => timeOnce(() => compile(text, "bench.flow", { allowErrors: true })).ms);
const dir = mkdtempSync(join(tmpdir(), "flowc-studio-bench-"));
writeFileSync(join(dir, "bench.flow"), text);
const studio = await startStudio({ dir, writeFile: (file, t) => writeFileAtomic(file, t, { link: "through" }) });
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });

// Installed before the page's own scripts: the times things first appear, and every long task.
function probes() {
  window.__bench = { longtasks: [], marks: {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const seen = (name, test) => new MutationObserver(() => {
    if (window.__bench.marks[name] === undefined && test()) window.__bench.marks[name] = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
  seen("editor", () => document.querySelector(".cm-content")?.textContent?.includes("flow bench") === true);
  seen("preview", () => document.querySelector("#preview .tile, #preview form.start-form") !== null);
}

/** Puts the cursor before the closing quote of the text on line `line` (ending `"` + `suffix`); keys are typed for real. */
async function cursorInText(page, line, suffix) {
  await page.locator(".cm-content").click();
  await page.evaluate(({ line, back }) => {
    // CodeMirror keeps its view on the content element (what EditorView.findFromDOM reads).
    const view = document.querySelector(".cm-content").cmTile.root.view;
    view.dispatch({ selection: { anchor: view.state.doc.line(line).to - back }, scrollIntoView: true });
    view.focus();
  }, { line, back: suffix.length + 1 });
}

const open = { editor: [], preview: [], interactive: [] };
const typing = { max: [], count: [] };
const replay = [];

const lines = text.split("\n");
const middle = lines.findIndex((l, i) => i > lines.length / 2 && /say "[^"]*"$/.test(l)) + 1;

for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(probes);
  await page.goto(`${studio.url}&file=bench.flow`);
  await page.waitForFunction(() => window.__bench.marks.editor !== undefined && window.__bench.marks.preview !== undefined, null, { timeout: 30_000 });
  // Interactive: a character typed now shows in the editor.
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  const start = await page.evaluate(() => performance.now());
  await page.keyboard.type("§");
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.startsWith("§"));
  const shown = await page.evaluate(() => performance.now());
  const marks = await page.evaluate(() => window.__bench.marks);
  open.editor.push(marks.editor);
  open.preview.push(marks.preview);
  // Navigation → the editor's text shown, plus the time one keystroke then takes to show.
  open.interactive.push(Math.max(marks.editor, marks.preview) + (shown - start));
  await page.keyboard.press("Backspace");

  await cursorInText(page, middle, "");
  const before = await page.evaluate(() => performance.now());
  await page.keyboard.type("the quick brown fox jumps over the lazy d", { delay: 60 });
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate((t) => window.__bench.longtasks.filter((x) => x.start >= t).map((x) => x.duration), before);
  typing.max.push(Math.max(0, ...tasks));
  typing.count.push(tasks.length);

  // Preview replay after an edit, five choices deep.
  if (await page.locator("#preview form.start-form").count()) await page.click("#preview button[type=submit]");
  for (let i = 0; i < 5; i++) {
    const tile = page.locator("#preview .question .tile, #preview .question .option").first();
    if ((await tile.count()) === 0) break;
    await tile.click();
  }
  // The question now waiting: its text is edited, so the replayed preview shows the change at once.
  const asked = (await page.locator("#preview .question .question-text").last().textContent()) ?? "";
  const line = lines.findIndex((l) => l.includes(`"${asked}" {`)) + 1;
  if (line === 0) throw new Error(`the question shown is not in the flow: ${asked}`);
  await cursorInText(page, line, " {");
  const marker = `${asked}z`;
  // Timed in the page, from the keydown to the preview showing the edit.
  const latency = page.evaluate((marker) => new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("the preview did not show an edit within 20 s")), 20_000);
    document.addEventListener("keydown", () => {
      const at = performance.now();
      const preview = document.getElementById("preview");
      const observer = new MutationObserver(() => {
        if (!preview.textContent.includes(marker)) return;
        observer.disconnect();
        resolve(performance.now() - at);
      });
      observer.observe(preview, { subtree: true, childList: true, characterData: true });
    }, { once: true, capture: true });
  }), marker);
  await page.waitForTimeout(50);
  await page.keyboard.press("z");
  replay.push(await latency);
  if (errors.length > 0) throw new Error(`the page failed: ${errors.join("; ")}`);
  await context.close();
}

await browser.close();
await studio.close();
rmSync(dir, { recursive: true, force: true });

const row = (what, samples, note = "") => [what, fmtSummary(summarize(samples)), note];
printTable(["figure", "median (range)", "note"], [
  row("yardstick: one compile() in Node", compileMs),
  row("open → the editor shows the flow", open.editor),
  row("open → the preview shows a question", open.preview),
  row("open → interactive (+ a keystroke)", open.interactive),
  row("typing: longest task per run", typing.max, `tasks over 50 ms per run: ${typing.count.join(", ")}`),
  row("preview replays after an edit", replay),
], `studio in Chromium, ${SIZE.toLocaleString("en")}-question flow (${(text.length / 1024).toFixed(0)} KB), ${RUNS} runs`);
