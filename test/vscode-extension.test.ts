import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KEYWORDS } from "@flowc/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { startServer } from "./support/lsp-client.js";
import { readZip } from "./support/zip.js";

// editors/vscode: the TextMate grammar against its fixtures (assertions in
// test/tokens.flow, snapshots in test/snap/), and the packaged .vsix — its
// manifest, grammar, configuration, and a server in it that starts and checks.

const root = fileURLToPath(new URL("..", import.meta.url));
const ext = join(root, "editors", "vscode");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const run = (cmd: string, args: string[], cwd = root) =>
  spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 240_000 });

describe("the TextMate grammar", () => {
  it("colours every word of the keyword table as a keyword, and no other word", () => {
    const grammar = JSON.parse(readFileSync(join(ext, "syntaxes/flow.tmLanguage.json"), "utf8"));
    const patterns: { name: string; match: string }[] = grammar.repository.keywords.patterns;
    const words = patterns
      .filter((p) => /^(keyword|storage)\./.test(p.name))
      .flatMap((p) => /\)\(?([a-z|]+)\)?\(\?!/.exec(p.match)![1]!.split("|"));
    const table = KEYWORDS.filter((k) => k.kind !== "reserved-name").map((k) => k.word);
    expect(words.sort()).toEqual(table.sort());
  });

  it("gives every token kind its scope (assertions in editors/vscode/test/tokens.flow)", () => {
    const r = run(bin("vscode-tmgrammar-test"), ["-g", "syntaxes/flow.tmLanguage.json", "test/*.flow"], ext);
    expect(r.stdout + r.stderr).toContain("run successfuly");
    expect(r.status).toBe(0);
  });

  it("fails an assertion that does not hold (the grammar test can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "flowc-grammar-"));
    try {
      writeFileSync(
        join(dir, "wrong.flow"),
        '// SYNTAX TEST "source.flowc" "a wrong expectation"\nsay "x"\n// <--- entity.name.function.node.flowc\n',
      );
      const r = run(bin("vscode-tmgrammar-test"), ["-g", join(ext, "syntaxes/flow.tmLanguage.json"), join(dir, "wrong.flow")]);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toContain("missing required scopes: entity.name.function.node.flowc");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("matches the reviewed snapshots of real flows (editors/vscode/test/snap)", () => {
    const r = run(bin("vscode-tmgrammar-snap"), ["-g", "syntaxes/flow.tmLanguage.json", "test/snap/*.flow"], ext);
    expect(r.stdout + r.stderr).not.toMatch(/changed|failed|Generating/i);
    expect(r.status).toBe(0);
  });
});

describe("the .vsix", () => {
  const work = mkdtempSync(join(tmpdir(), "flowc-vsix-"));
  const vsix = join(work, "flowc.vsix");
  let files: Map<string, Buffer>;

  beforeAll(() => {
    if (!existsSync(join(ext, "dist", "server.cjs"))) {
      throw new Error("editors/vscode/dist is missing: run `npm run build` first");
    }
    // What `npm run vscode` runs after the build, written to a scratch folder.
    const r = run(bin("vsce"), ["package", "--no-dependencies", "--allow-missing-repository", "--out", vsix], ext);
    if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
    files = readZip(readFileSync(vsix));
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the manifest, the grammar, the configuration and the bundles, and nothing else", () => {
    const names = [...files.keys()].filter((n) => n.startsWith("extension/")).sort();
    expect(names).toEqual([
      "extension/LICENSE.txt",
      "extension/dist/extension.cjs",
      "extension/dist/server.cjs",
      "extension/language-configuration.json",
      "extension/package.json",
      "extension/readme.md",
      "extension/syntaxes/flow.tmLanguage.json",
    ]);
    const manifest = JSON.parse(files.get("extension/package.json")!.toString("utf8"));
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "flow", extensions: [".flow"] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ scopeName: "source.flowc", path: "./syntaxes/flow.tmLanguage.json" });
    expect(manifest.main).toBe("./dist/extension.cjs");
    const config = JSON.parse(files.get("extension/language-configuration.json")!.toString("utf8"));
    expect(config.comments).toEqual({ lineComment: "//", blockComment: ["/*", "*/"] });
    const grammar = JSON.parse(files.get("extension/syntaxes/flow.tmLanguage.json")!.toString("utf8"));
    expect(grammar.scopeName).toBe("source.flowc");
    // The client needs only VS Code itself at run time: everything else is bundled.
    const client = files.get("extension/dist/extension.cjs")!.toString("utf8");
    const required = new Set([...client.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect([...required].filter((m) => !m.startsWith("node:") && !isBuiltin(m))).toEqual(["vscode"]);
  });

  it("has a server that starts from the package alone and checks a flow", async () => {
    const out = join(work, "unpacked", "extension", "dist");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "server.cjs"), files.get("extension/dist/server.cjs")!);
    expect(dirname(out)).not.toContain(root);
    const server = startServer([process.execPath, join(out, "server.cjs"), "--stdio"]);
    try {
      await server.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      await server.connection.sendNotification(InitializedNotification.type, {});
      const uri = "file:///tmp/x.flow";
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "flow", version: 1, text: 'flow x "X"\nsay "Hi"\n-> nowhere\n' },
      });
      const published = await server.diagnostics(uri);
      expect(published.diagnostics.map((d) => d.code)).toEqual(["undefined-target"]);
      const hover = await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 1, character: 1 },
      });
      expect((hover!.contents as MarkupContent).value).toMatch(/^\*\*say\*\*/);
    } finally {
      await server.close();
    }
  });
});

function isBuiltin(name: string): boolean {
  return ["path", "fs", "os", "child_process", "net", "crypto", "util", "events", "stream", "url", "assert", "buffer", "tty", "readline", "worker_threads"].includes(name);
}
