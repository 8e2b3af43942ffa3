/**
 * The studio in Chromium, on a 1,000-question flow (bench/lib/tree.mjs,
 * written as flowc by bench/lib/forms.mjs), served by the real `flowc studio`
 * server (the built packages: `npm run build` first). What an author waits for:
 *
 * - open: from navigation to the editor showing the flow, to the preview
 *   showing its first question, and to a keystroke typed then appearing in
 *   the editor ("interactive"); each run in a fresh browser context (no cache);
 * - typing: 40 keystrokes, 60 ms apart, inside a text in the middle of the
 *   file; the page's main-thread long tasks (PerformanceObserver `longtask`:
 *   every task over 50 ms) while typing and for a second after;
 * - preview replay: with five choices played in the preview, one character
 *   typed into the text of the question it now shows; from the keydown to the preview
 *   showing the new text (compile in the worker, replay, render). The
 *   character goes into the text of the question the preview is waiting on.
 *
 * Prints medians and ranges. Needs Chromium at /usr/bin/chromium (or
 * FLOWC_CHROMIUM). Usage: node bench/studio.bench.mjs [--quick]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { writeFileAtomic } from "../packages/cli/dist/index.js";
import { startStudio } from "../packages/studio/dist/index.js";
import { machineLoad, median, quick } from "./lib/measure.mjs";
import { toFlow } from "./lib/forms.mjs";
import { generateTree } from "./lib/tree.mjs";

const executablePath = process.env.FLOWC_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.log(`skipped: no Chromium at ${executablePath} (set FLOWC_CHROMIUM)`);
  process.exit(0);
}
const SIZE = 1000;
const RUNS = quick ? 2 : 7;

const fmt = (xs) =>
  `median ${median(xs).toFixed(0)} ms (range ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

const dir = mkdtempSync(join(tmpdir(), "flowc-studio-bench-"));
const text = toFlow(generateTree(SIZE));
writeFileSync(join(dir, "bench.flow"), text);
const studio = await startStudio({
  dir,
  writeFile: (file, t) => writeFileAtomic(file, t, { link: "through" }),
});
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });

// Installed before the page's own scripts: the times things first appear, and every long task.
function probes() {
  window.__bench = { longtasks: [], marks: {} };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const seen = (name, test) => {
    const check = () => {
      if (window.__bench.marks[name] === undefined && test()) window.__bench.marks[name] = performance.now();
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  };
  seen("editor", () => document.querySelector(".cm-content")?.textContent?.includes("flow bench") === true);
  seen("preview", () => document.querySelector("#preview .tile, #preview form.start-form") !== null);
}

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(probes);
  await page.goto(`${studio.url}&file=bench.flow`);
  await page.waitForFunction(() => window.__bench.marks.editor !== undefined && window.__bench.marks.preview !== undefined, null, { timeout: 30_000 });
  return { context, page, errors };
}

/**
 * Put the cursor just before the closing quote of the text on line `line`
 * (1-based), which ends with `"` then `suffix`. Only the cursor is placed
 * through CodeMirror's view (found from its DOM); what is measured is typed
 * on the keyboard.
 */
async function cursorInText(page, line, suffix) {
  await page.locator(".cm-content").click();
  await page.evaluate(
    ({ line, back }) => {
      // CodeMirror keeps its view on the content element (what EditorView.findFromDOM reads).
      const view = document.querySelector(".cm-content").cmTile.root.view;
      const at = view.state.doc.line(line).to - back;
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
    { line, back: suffix.length + 1 },
  );
}

const open = { editor: [], preview: [], interactive: [] };
const typing = { max: [], count: [] };
const replay = [];
let replayTimeouts = 0;
const loadTasks = [];

const lines = text.split("\n");
const middle = lines.findIndex((l, i) => i > lines.length / 2 && /say "[^"]*"$/.test(l)) + 1;

for (let run = 0; run < RUNS; run++) {
  const { context, page, errors } = await openPage();
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
  loadTasks.push(...(await page.evaluate(() => window.__bench.longtasks.map((t) => t.duration))));
  await page.keyboard.press("Backspace");

  // Typing in the middle of the file.
  await cursorInText(page, middle, "");
  const before = await page.evaluate(() => performance.now());
  await page.keyboard.type("the quick brown fox jumps over the lazy d", { delay: 60 });
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate((t) => window.__bench.longtasks.filter((x) => x.start >= t).map((x) => x.duration), before);
  typing.max.push(tasks.length === 0 ? 0 : Math.max(...tasks));
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
  const latency = page.evaluate((marker) => {
    return new Promise((resolve) => {
      setTimeout(() => resolve(Number.NaN), 20_000);
      document.addEventListener(
        "keydown",
        () => {
          const at = performance.now();
          const preview = document.getElementById("preview");
          const observer = new MutationObserver(() => {
            if (preview.textContent.includes(marker)) {
              observer.disconnect();
              resolve(performance.now() - at);
            }
          });
          observer.observe(preview, { subtree: true, childList: true, characterData: true });
        },
        { once: true, capture: true },
      );
    });
  }, marker);
  await page.waitForTimeout(50);
  await page.keyboard.press("z");
  const replayed = await latency;
  if (Number.isNaN(replayed)) replayTimeouts++;
  else replay.push(replayed);
  if (errors.length > 0) throw new Error(`the page failed: ${errors.join("; ")}`);
  await context.close();
}

await browser.close();
await studio.close();
rmSync(dir, { recursive: true, force: true });

console.log(`studio in Chromium, ${SIZE.toLocaleString("en")}-question flow (${(text.length / 1024).toFixed(0)} KB), load ${machineLoad()}`);
console.log(`open: editor shows the flow        ${fmt(open.editor)}`);
console.log(`open: preview shows a question     ${fmt(open.preview)}`);
console.log(`open: interactive (+ a keystroke)  ${fmt(open.interactive)}`);
console.log(`open: longest main-thread task     ${fmt(loadTasks.length ? loadTasks : [0])} (tasks over 50 ms: ${loadTasks.length} in ${RUNS} loads)`);
console.log(`typing: longest task per run       ${fmt(typing.max)} (tasks over 50 ms per run: ${typing.count.join(", ")})`);
console.log(
  `preview replays after an edit      ${replay.length ? fmt(replay) : "—"}${replayTimeouts ? ` (${replayTimeouts} run(s) not within 20 s)` : ""}`,
);
