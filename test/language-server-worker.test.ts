import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolOrSkip } from "./support/tools.js";

// The same language server in a browser Web Worker (what the studio runs):
// packages/language-server/dist/worker.js loaded by a page in Chromium,
// spoken to with postMessage. Chromium missing is a skip with its reason,
// except with FLOWC_REQUIRE_TOOLS=1 (CI).

const chromiumTool = toolOrSkip("chromium");
const workerFile = fileURLToPath(new URL("../packages/language-server/dist/worker.js", import.meta.url));

let http: Server;
let browser: Browser;
let base: string;

describe.skipIf(!chromiumTool)("the language server in a Web Worker", () => {
  beforeAll(async () => {
    if (!existsSync(workerFile)) throw new Error("packages/language-server/dist/worker.js is missing: run `npm run build` first");
    http = createServer((req, res) => {
      if (req.url === "/worker.js") {
        res.writeHead(200, { "content-type": "text/javascript" });
        res.end(readFileSync(workerFile));
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<!doctype html><title>worker</title>");
      }
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: chromiumTool!.path, args: ["--no-sandbox", "--disable-gpu"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => http?.close(resolve));
  });

  it("checks a flow, completes and hovers, answering over postMessage", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base);
    const text = 'flow w "W"\ninput name "Name"\nsay "Hi {name}"\n-> somewhere\n';
    const seen = await page.evaluate(async (text) => {
      const worker = new Worker("/worker.js", { type: "module" });
      const pending = new Map<number, (value: unknown) => void>();
      let diagnostics: ((value: unknown) => void) | null = null;
      worker.onmessage = (e: MessageEvent) => {
        const m = e.data;
        if (m.id !== undefined && pending.has(m.id)) pending.get(m.id)!(m.result ?? { error: m.error });
        else if (m.method === "textDocument/publishDiagnostics") diagnostics?.(m.params);
      };
      let id = 0;
      const request = (method: string, params: unknown) =>
        new Promise((resolve) => {
          pending.set(++id, resolve);
          worker.postMessage({ jsonrpc: "2.0", id, method, params });
        });
      const notify = (method: string, params: unknown) => worker.postMessage({ jsonrpc: "2.0", method, params });
      const init = (await request("initialize", { processId: null, rootUri: null, capabilities: {} })) as {
        capabilities: Record<string, unknown>;
      };
      notify("initialized", {});
      const published = new Promise((resolve) => (diagnostics = resolve));
      const uri = "file:///w.flow";
      notify("textDocument/didOpen", { textDocument: { uri, languageId: "flow", version: 1, text } });
      const diags = (await published) as { diagnostics: { code: string; message: string }[] };
      const completion = (await request("textDocument/completion", {
        textDocument: { uri },
        position: { line: 3, character: 3 },
      })) as { label: string }[];
      const hover = (await request("textDocument/hover", {
        textDocument: { uri },
        position: { line: 2, character: 10 },
      })) as { contents: { value: string } };
      const unopened = (await request("textDocument/hover", {
        textDocument: { uri: "file:///nope.flow" },
        position: { line: 0, character: 0 },
      })) as { error?: { code: number } };
      worker.terminate();
      return {
        capabilities: Object.keys(init.capabilities),
        codes: diags.diagnostics.map((d) => d.code),
        completion: completion.map((c) => c.label),
        hover: hover.contents.value,
        unopened: unopened.error?.code,
      };
    }, text);
    expect(errors).toEqual([]);
    expect(seen.capabilities).toContain("hoverProvider");
    expect(seen.codes).toEqual(["undefined-target"]);
    expect(seen.completion).toEqual(["start"]);
    expect(seen.hover).toContain("“Name”");
    expect(seen.unopened).toBe(-32602);
    await page.close();
  });
});
