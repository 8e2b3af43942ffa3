import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check, findPaths, formatPaths, toDot, toMermaid } from "@flowc/dsl";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flowc } from "./support/cli.js";
import { toolOrSkip } from "./support/tools.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const orderStatus = join(root, "flows", "order-status.flow");
const dot = toolOrSkip("dot");

const good = [
  'flow demo "Демо"',
  'ask topic "Тема" {',
  '  option a "А" { say "Ответ А" }',
  '  option b "Б" { say "Ответ Б" }',
  "}",
  "",
].join("\n");
const semantic =
  'flow bad\nask q "Вопрос" {\n  option a "А" -> nowhere\n  option b "Б" { say "ok" }\n}\n';
const syntax = 'flow broken\nask q "Вопрос" {\n  option a "А" {\n';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "flowc-graph-"));
  await writeFile(join(dir, "good.flow"), good);
  await writeFile(join(dir, "semantic.flow"), semantic);
  await writeFile(join(dir, "syntax.flow"), syntax);
  await mkdir(join(dir, "folder"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (name: string) => readFile(join(dir, name), "utf8");
const run = (argv: string[], env: Record<string, string> = {}) => flowc(argv, { cwd: dir, env });

describe("flowc graph", () => {
  it("prints Mermaid by default, and dot with --format dot", async () => {
    const m = await run(["graph", "good.flow"]);
    expect(m.code).toBe(0);
    expect(m.stdout).toBe(toMermaid(check(good, "good.flow")));
    expect(m.stderr).toBe("");
    const d = await run(["graph", "good.flow", "--format", "dot"]);
    expect(d.code).toBe(0);
    expect(d.stdout).toBe(toDot(check(good, "good.flow")));
  });

  it("counts warnings on stderr and keeps stdout the diagram", async () => {
    const r = await flowc(["graph", orderStatus]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("flowchart TD\n")).toBe(true);
    expect(r.stderr).toMatch(
      /^21 warnings in .*order-status\.flow \(`flowc check` lists the warnings\)\n$/,
    );
  });

  it("still draws a flow with errors, marks them, reports them on stderr and exits 1", async () => {
    const r = await run(["graph", "semantic.flow"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing_nowhere[/"no node “nowhere”"/]');
    expect(r.stdout).toContain("class missing_nowhere error");
    expect(r.stderr).toContain("semantic.flow:3:19: error[undefined-target]");
    expect(r.stderr).toContain("1 error in semantic.flow");
  });

  it("draws nothing for a file with syntax errors (exit 1)", async () => {
    const r = await run(["graph", "syntax.flow"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error[syntax]");
    expect(r.stderr).toContain("no diagram for syntax.flow: fix the syntax error");
  });

  it("--out writes the file atomically, the format following its extension", async () => {
    for (const [name, expected] of [
      ["out/g.mmd", toMermaid(check(good, "good.flow"))],
      ["out/g.dot", toDot(check(good, "good.flow"))],
      ["out/g.gv", toDot(check(good, "good.flow"))],
      ["out/g.md", `\`\`\`mermaid\n${toMermaid(check(good, "good.flow"))}\`\`\`\n`],
      ["out/g.txt", toMermaid(check(good, "good.flow"))],
    ] as const) {
      const r = await run(["graph", "good.flow", "--out", name]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`wrote ${name}\n`);
      expect(await read(name)).toBe(expected);
    }
    // An explicit format wins over the extension.
    await run(["graph", "good.flow", "--format", "dot", "--out", "out/x.mmd"]);
    expect(await read("out/x.mmd")).toBe(toDot(check(good, "good.flow")));
    expect((await readdir(join(dir, "out"))).filter((f) => f.startsWith(".flowc-tmp"))).toEqual([]);
  });

  it.skipIf(!dot)("--out FILE.svg renders a picture with Graphviz", async () => {
    const r = await flowc(["graph", orderStatus, "--out", join(dir, "os.svg")], {
      env: { FLOWC_DOT: dot?.path },
    });
    expect(r.code).toBe(0);
    const svg = await read("os.svg");
    expect(svg).toContain("<svg");
    expect(svg).toContain("Статусы заказа");
    expect(svg).toContain("На кого оформлен заказ?");
  });

  it("says how to get Graphviz when it is missing (exit 2) and writes nothing", async () => {
    const r = await run(["graph", "good.flow", "--out", "g.svg"], {
      FLOWC_DOT: join(dir, "no-such-dot"),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot render SVG: Graphviz's");
    expect(r.stderr).toContain("install Graphviz (e.g. apt-get install graphviz");
    expect(r.stderr).toContain("or use --format dot");
    expect(await readdir(dir)).not.toContain("g.svg");
    // The same through PATH: no `dot` on it.
    const p = await run(["graph", "good.flow", "--out", "g.svg"], { PATH: join(dir, "folder") });
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("install Graphviz");
  });

  it("refuses Mermaid as SVG, a bad format, a folder and a missing file (exit 2)", async () => {
    const svg = await run(["graph", "good.flow", "--format", "mermaid", "--out", "g.svg"]);
    expect(svg.code).toBe(2);
    expect(svg.stderr).toContain("drop --format mermaid");
    const format = await run(["graph", "good.flow", "--format", "png"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("png");
    const folder = await run(["graph", "folder"]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("folder: is a folder; give a .flow file");
    const missing = await run(["graph", "nope.flow"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.flow: no such file or folder");
    const noArg = await run(["graph"]);
    expect(noArg.code).toBe(2);
  });

  it("reports a file it cannot write (exit 2)", async () => {
    const r = await run(["graph", "good.flow", "--out", "good.flow/x.mmd"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/good\.flow\/x\.mmd: cannot write: /);
  });
});

describe("flowc paths", () => {
  const expected = (format: "text" | "md" | "json") =>
    formatPaths(findPaths(check(good, "good.flow")), format);

  it("prints text by default, md and json with --format", async () => {
    const t = await run(["paths", "good.flow"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe(expected("text"));
    expect(t.stdout).toContain("== a\n? Тема  [topic]\n  → А  [a]\nsay: Ответ А\n(finish)\n");
    for (const format of ["md", "json"] as const) {
      const r = await run(["paths", "good.flow", "--format", format]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected(format));
    }
    expect(JSON.parse((await run(["paths", "good.flow", "--format", "json"])).stdout).count).toBe(
      2,
    );
  });

  it("--out writes the file, the format following its extension", async () => {
    for (const [name, format] of [
      ["p.md", "md"],
      ["p.json", "json"],
      ["p.txt", "text"],
    ] as const) {
      const r = await run(["paths", "good.flow", "--out", name]);
      expect(r.code).toBe(0);
      expect(await read(name)).toBe(expected(format));
    }
  });

  it("--check passes when the committed file matches, even with Windows line ends", async () => {
    await writeFile(join(dir, "good.paths.md"), expected("md"));
    const r = await run(["paths", "good.flow", "--check", "good.paths.md"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("up to date good.paths.md (2 paths)\n");
    await writeFile(join(dir, "crlf.paths.txt"), expected("text").replace(/\n/g, "\r\n"));
    expect((await run(["paths", "good.flow", "--check", "crlf.paths.txt"])).code).toBe(0);
  });

  it("--check fails with a diff and the command to update when the flow changed", async () => {
    await writeFile(join(dir, "good.paths.txt"), expected("text"));
    await writeFile(
      join(dir, "good.flow"),
      good.replace('say "Ответ Б"', 'say "Ответ Б, исправленный"'),
    );
    const r = await run(["paths", "good.flow", "--check", "good.paths.txt"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "out of date good.paths.txt: it no longer matches good.flow (1 line added, 1 removed)",
    );
    expect(r.stdout).toContain(
      "--- good.paths.txt (committed)\n+++ good.paths.txt (from good.flow now)\n",
    );
    expect(r.stdout).toMatch(/\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(r.stdout).toContain("\n-say: Ответ Б\n+say: Ответ Б, исправленный\n");
    expect(r.stdout).toContain(
      "If the change is intended, update it with: flowc paths good.flow --out good.paths.txt",
    );
    // The suggested command does update it.
    await run(["paths", "good.flow", "--out", "good.paths.txt"]);
    expect((await run(["paths", "good.flow", "--check", "good.paths.txt"])).code).toBe(0);
  });

  it("--check shows added and removed paths", async () => {
    await writeFile(join(dir, "good.paths.txt"), expected("text"));
    await writeFile(
      join(dir, "good.flow"),
      good.replace('{ say "Ответ Б" }\n', '{ say "Ответ Б" }\n  option c "В" { say "Ответ В" }\n'),
    );
    const r = await run(["paths", "good.flow", "--check", "good.paths.txt"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("+== c\n+? Тема  [topic]\n+  → В  [c]\n+say: Ответ В\n+(finish)\n");
    expect(r.stdout).toContain(
      "-Every way through demo “Демо”: 2 paths.\n+Every way through demo “Демо”: 3 paths.\n",
    );
  });

  it("a missing golden file is a file problem (exit 2) that says how to create it", async () => {
    const r = await run(["paths", "good.flow", "--check", "missing.paths.md"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "missing.paths.md: no such file or folder; create it with: flowc paths good.flow --out missing.paths.md",
    );
  });

  it("refuses --check with --out, and a bad --max-paths (exit 2)", async () => {
    const both = await run(["paths", "good.flow", "--check", "a.md", "--out", "b.md"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give one of them");
    const bad = await run(["paths", "good.flow", "--max-paths", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("whole number");
  });

  it("--input restricts the paths to a value of a choice input; a value it does not list is exit 2", async () => {
    const choice = [
      'flow courier "Курьер"',
      'input client_type "Кто оформил заказ" {',
      '  value person "Физ.лицо"',
      '  value company "Юр.лицо"',
      "}",
      'input order_id "Номер заказа"',
      "",
      "match client_type {",
      '  case person { say "Доставим домой, заказ {order_id}" }',
      '  case company { say "Доставим в офис" }',
      "}",
      "",
    ].join("\n");
    await writeFile(join(dir, "choice.flow"), choice);
    const all = await run(["paths", "choice.flow"]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("== client_type=person\nclient_type = person “Физ.лицо”\nsay: Доставим домой, заказ {order_id}\n(finish)\n");
    expect(all.stdout).toContain("== client_type=company\n");
    const one = await run(["paths", "choice.flow", "--input", "client_type=company", "--input", "order_id=42"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(formatPaths(findPaths(check(choice, "choice.flow"), { inputs: { client_type: "company" } }), "text"));
    expect(one.stdout).toContain("1 path.");
    expect(one.stdout).not.toContain("person");
    const wrong = await run(["paths", "choice.flow", "--input", "client_type=firm"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toBe("flowc: --input client_type=firm: not a value of client_type (its values: person, company)\n");
    const unknown = await run(["paths", "choice.flow", "--input", "kind=a", "--input", "client_type"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "flowc: --input kind: no such input (this flow's inputs: client_type, order_id)\n" +
        "flowc: --input client_type: write it as name=value\n",
    );
    // The committed listing's update command keeps the --input.
    await writeFile(join(dir, "company.paths.txt"), "old\n");
    const check1 = await run(["paths", "choice.flow", "--input", "client_type=company", "--check", "company.paths.txt"]);
    expect(check1.code).toBe(1);
    expect(check1.stdout).toContain(
      "update it with: flowc paths choice.flow --input client_type=company --out company.paths.txt",
    );
  });

  it("--max-paths stops early and says so on stderr and in the listing", async () => {
    const r = await run(["paths", "good.flow", "--max-paths", "1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("good.flow: stopped after 1 paths");
    expect(r.stdout).toContain("Stopped after 1 paths");
    expect(r.stdout).not.toContain("== b");
  });

  it("lists the paths of a flow with errors but exits 1; nothing for syntax errors", async () => {
    const s = await run(["paths", "semantic.flow"]);
    expect(s.code).toBe(1);
    expect(s.stdout).toContain("(jumps to the node “nowhere”, which does not exist)");
    expect(s.stderr).toContain("error[undefined-target]");
    const x = await run(["paths", "syntax.flow"]);
    expect(x.code).toBe(1);
    expect(x.stdout).toBe("");
    expect(x.stderr).toContain("no paths for syntax.flow");
  });

  it("the committed flows/order-status.paths.md is up to date (npm run paths:check)", async () => {
    const r = await flowc(
      ["paths", "flows/order-status.flow", "--check", "flows/order-status.paths.md"],
      {
        cwd: root,
      },
    );
    expect(r.stdout).toBe("up to date flows/order-status.paths.md (22 paths)\n");
    expect(r.code).toBe(0);
  });

  it("the golden check works on a copy of the real flow", async () => {
    await copyFile(orderStatus, join(dir, "os.flow"));
    expect((await run(["paths", "os.flow", "--out", "os.paths.md"])).code).toBe(0);
    expect((await run(["paths", "os.flow", "--check", "os.paths.md"])).code).toBe(0);
  });
});

describe("flowc graph --out: the extension decides, or is refused", () => {
  it("an extension flowc does not know is a usage error (exit 2), nothing written", async () => {
    const d = await mkdtemp(join(tmpdir(), "flowc-graph-ext-"));
    await copyFile(orderStatus, join(d, "f.flow"));
    for (const name of ["x.html", "x"]) {
      const r = await flowc(["graph", "f.flow", "--out", name], { cwd: d });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(/^flowc: --out .*: flowc does not know what to write into/);
    }
    // --format says what to write whatever the name.
    const r = await flowc(["graph", "f.flow", "--format", "dot", "--out", "x.html"], { cwd: d });
    expect(r.code).toBe(0);
    expect(await readdir(d)).toEqual(["f.flow", "x.html"]);
    // A picture cannot be Mermaid.
    const mermaid = await flowc(["graph", "f.flow", "--format", "mermaid", "--out", "x.png"], { cwd: d });
    expect(mermaid.code).toBe(2);
    await rm(d, { recursive: true, force: true });
  });

  it.skipIf(!dot)("--out x.png makes a PNG picture with Graphviz", async () => {
    const d = await mkdtemp(join(tmpdir(), "flowc-graph-png-"));
    const r = await flowc(["graph", orderStatus, "--out", join(d, "x.png")], {
      env: { FLOWC_DOT: dot?.path },
    });
    expect(r.code, r.stderr).toBe(0);
    const png = await readFile(join(d, "x.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await rm(d, { recursive: true, force: true });
  });
});
