import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import Ajv2020 from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { CODES } from "@flowc/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir, flowc } from "./support/cli.js";

// What CI reaches for: SARIF, the JSON report and its schema, standard
// input, empty paths, files that are not UTF-8, two files with one flow id,
// and a "try it" command that runs as printed.

const root = join(import.meta.dirname, "..");
const cliFixtures = fixturesDir("cli");
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "flowc-ci-formats-"));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const sarifSchema = JSON.parse(readFileSync(join(root, "test/schemas/sarif-2.1.0.json"), "utf8"));
const reportSchema = JSON.parse(readFileSync(join(root, "docs/report.schema.json"), "utf8"));

function sarifValidator() {
  // The schema has a pattern that is not valid with the `u` flag (`^[a-zA-Z]{2}|…]?$`).
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(sarifSchema);
}

function reportValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(reportSchema);
}

/** A flow with a dead end reached by a key with a comma, an input, and an undefined target. */
const broken = `flow orders "Заказы"
input customer "Имя клиента"

say "Здравствуйте, {customer}"
ask method "Как оплатить?" {
  option card "Картой" { ask confirm "Точно?" { option "Да, конечно" { } option no "Нет" { say "Хорошо" } } }
  option cash "Наличными" -> nowhere
}
`;

function stdinOf(text: string | Buffer) {
  return Readable.from([typeof text === "string" ? Buffer.from(text) : text]);
}

describe("flowc check --format sarif", () => {
  it("is a valid SARIF 2.1.0 log: one run, the registry as rules, one result per diagnostic", async () => {
    const r = await flowc(["check", "--format", "sarif", "bad.flow", "warn.flow", "ok.flow"], {
      cwd: cliFixtures,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("flowc");
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(Object.keys(CODES));
    // helpUri is absolute (the schema's `uri` format checks that too): the repository's
    // docs/checks.md, at the heading that explains the code.
    const cli = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8"));
    const repository = cli.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    const headings = new Set(readFileSync(join(root, "docs/checks.md"), "utf8").match(/^### \S+$/gm));
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBe(CODES[rule.id as keyof typeof CODES].doc);
      expect(rule.helpUri).toBe(`${repository}/blob/HEAD/docs/checks.md#${rule.id}`);
      expect(new URL(rule.helpUri).protocol).toBe("https:");
      expect(headings, rule.id).toContain(`### ${rule.id}`);
    }
    expect(run.tool.driver.informationUri).toBe(cli.homepage);
    expect(run.columnKind).toBe("unicodeCodePoints");
    expect(
      run.results.map((x: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[] }) => [
        x.ruleId,
        x.level,
        x.locations[0]!.physicalLocation.artifactLocation.uri,
        x.locations[0]!.physicalLocation.region,
      ]),
    ).toEqual([
      ["undefined-target", "error", "bad.flow", { startLine: 5, startColumn: 27, endLine: 5, endColumn: 37 }],
      ["todo", "warning", "warn.flow", { startLine: 8, startColumn: 5, endLine: 8, endColumn: 26 }],
    ]);
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
  });

  it("stays valid for every kind of diagnostic, odd file names and an empty run", async () => {
    const dir = join(tmp, "sarif odd");
    mkdirSync(dir);
    writeFileSync(join(dir, "50% #1.flow"), broken);
    writeFileSync(join(dir, "latin1.flow"), Buffer.from([0x66, 0x6c, 0x6f, 0x77, 0x20, 0xe9]));
    const validate = sarifValidator();
    const r = await flowc(["check", "--format", "sarif", "sarif odd"], { cwd: tmp });
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual([
      "dead-end",
      "undefined-target",
      "encoding",
    ]);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      "sarif%20odd/50%25%20%231.flow",
    );
    const empty = await flowc(["check", "--format", "sarif", "ok.flow"], { cwd: cliFixtures });
    expect(validate(JSON.parse(empty.stdout))).toBe(true);
  });
});

describe("flowc check --format json", () => {
  it("matches docs/report.schema.json, with hint and path", async () => {
    const dir = join(tmp, "json");
    mkdirSync(dir);
    writeFileSync(join(dir, "orders.flow"), broken);
    const r = await flowc(["check", "--format", "json", "json", join(cliFixtures, "warn.flow")], { cwd: tmp });
    const report = JSON.parse(r.stdout);
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    for (const d of report.diagnostics) expect(Object.keys(CODES)).toContain(d.code);
    const deadEnd = report.diagnostics.find((d: { code: string }) => d.code === "dead-end");
    expect(deadEnd.path).toEqual([
      { ask: "method", option: "card" },
      { ask: "confirm", option: "Да, конечно" },
    ]);
    const target = report.diagnostics.find((d: { code: string }) => d.code === "undefined-target");
    expect(target.hint).toMatch(/nowhere/);
    expect(target.path).toBeUndefined();
  });

  it("the schema rejects what the report must not hold", () => {
    const validate = reportValidator();
    const d = { file: "a.flow", line: 1, column: 1, endLine: 1, endColumn: 2, severity: "error", code: "syntax", message: "m" };
    expect(validate({ files: 1, errors: 1, warnings: 0, diagnostics: [d] })).toBe(true);
    expect(validate({ files: 1, errors: 1, warnings: 0, diagnostics: [{ ...d, line: 0 }] })).toBe(false);
    expect(validate({ files: 1, errors: 1, warnings: 0, diagnostics: [{ ...d, path: [{ ask: "a" }] }] })).toBe(false);
    expect(validate({ files: 1, errors: 1, warnings: 0, diagnostics: [{ ...d, extra: 1 }] })).toBe(false);
  });
});

describe("the try-it hint runs as printed", () => {
  it("gives the inputs, escapes the comma in a key, and plays a flow with errors", async () => {
    const dir = join(tmp, "try it");
    mkdirSync(dir);
    writeFileSync(join(dir, "orders.flow"), broken);
    const r = await flowc(["check", "--format", "json", "orders.flow"], { cwd: dir });
    const hint: string = JSON.parse(r.stdout).diagnostics.find((d: { code: string }) => d.code === "dead-end").hint;
    const command = hint.slice(hint.indexOf("try it: ") + "try it: ".length);
    expect(command).toBe("flowc run orders.flow --allow-errors --input customer=… --choose 'card,Да\\, конечно'");
    // A real shell splits it into words; flowc runs those words.
    const words = spawnSync("sh", ["-c", `set -- ${command}; printf '%s\\0' "$@"`], { encoding: "utf8" })
      .stdout.split("\0")
      .slice(0, -1);
    expect(words[0]).toBe("flowc");
    const played = await flowc(words.slice(1), { cwd: dir });
    expect(played.code, played.stderr).toBe(0);
    expect(played.stdout).toContain("> 1. Да, конечно");
    expect(played.stdout).toContain("(end of the flow)");
    expect(played.stderr).toContain("playing with errors orders.flow: 2 errors");
  });

  it("without --allow-errors, run refuses a flow with errors and says how to play it anyway", async () => {
    const dir = join(tmp, "refuse");
    mkdirSync(dir);
    writeFileSync(join(dir, "orders.flow"), broken);
    const r = await flowc(["run", "orders.flow", "--input", "customer=x", "--choose", "card"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot run orders.flow: 2 errors (see above; --allow-errors plays the part that works)");
  });
});

describe("which files", () => {
  it("`check -` reads one flow from standard input, named <stdin>", async () => {
    const r = await flowc(["check", "-", "--format", "json"], { stdin: stdinOf(broken) });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toBe(1);
    expect(new Set(report.diagnostics.map((d: { file: string }) => d.file))).toEqual(new Set(["<stdin>"]));
    const pretty = await flowc(["check", "-"], { stdin: stdinOf(broken) });
    expect(pretty.stdout).toMatch(/^<stdin>:6:/);
    // The dead end has its path, but no "try it" command: there is no file a command could run.
    expect(report.diagnostics.some((d: { path?: unknown }) => d.path !== undefined)).toBe(true);
    expect(pretty.stdout).toContain("reached by:");
    expect(pretty.stdout).not.toContain("try it");
    const clean = await flowc(["check", "-"], { stdin: stdinOf(readFileSync(join(cliFixtures, "ok.flow"))) });
    expect(clean).toEqual({ code: 0, stdout: "no problems in 1 file\n", stderr: "" });
    // fmt - prints the formatted text.
    const fmt = await flowc(["fmt", "-"], { stdin: stdinOf('flow   a\nsay   "x"\n') });
    expect(fmt).toEqual({ code: 0, stdout: 'flow a\n\nsay "x"\n', stderr: "" });
  });

  it("a path without .flow files is exit 2 for check, build and fmt, unless --allow-empty", async () => {
    const empty = join(tmp, "nothing here");
    mkdirSync(empty);
    writeFileSync(join(empty, "notes.txt"), "not a flow\n");
    for (const args of [["check"], ["build", "--out-dir", join(tmp, "out-empty")], ["fmt"]]) {
      const r = await flowc([...args, empty]);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(`flowc: ${empty}: no .flow files in this folder (give --allow-empty if that is expected)\n`);
      expect((await flowc([...args, empty, "--allow-empty"])).code, args[0]).toBe(0);
    }
  });

  it("a file that is not UTF-8 is an `encoding` error at its first bad byte; the others are checked", async () => {
    const dir = join(tmp, "mixed");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.flow"), broken);
    writeFileSync(
      join(dir, "b.flow"),
      Buffer.concat([Buffer.from('flow b\nsay "Ёлка 🎄 '), Buffer.from([0xe2, 0x28, 0xa1]), Buffer.from('"\n')]),
    );
    writeFileSync(join(dir, "c.flow"), readFileSync(join(cliFixtures, "warn.flow")));
    const r = await flowc(["check", "--format", "json", "mixed"], { cwd: tmp });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toBe(3);
    const encoding = report.diagnostics.filter((d: { code: string }) => d.code === "encoding");
    expect(encoding).toMatchObject([{ file: "mixed/b.flow", line: 2, column: 13, severity: "error" }]);
    expect(report.diagnostics.some((d: { file: string }) => d.file === "mixed/c.flow")).toBe(true);
    expect(report.diagnostics.some((d: { file: string }) => d.file === "mixed/a.flow")).toBe(true);
  });

  it("two files declaring one flow id: duplicate-flow on the second, pointing at the first", async () => {
    const dir = join(tmp, "dups");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.flow"), 'flow orders "A"\nsay "a"\n');
    writeFileSync(join(dir, "b.flow"), '// the same id\nflow orders "B"\nsay "b"\n');
    const r = await flowc(["check", "dups"], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "dups/b.flow:2:6: error[duplicate-flow]: The flow id `orders` is already declared in dups/a.flow:1:6: flows, sessions and built modules are told apart by their id.",
        "2 | flow orders \"B\"",
        "  |      ^^^^^^",
        "  = hint: give each flow its own id (the word after `flow`)",
        "",
        "1 error in 2 files",
        "",
      ].join("\n"),
    );
    // build builds the first and not the second.
    const out = join(tmp, "dups-out");
    const b = await flowc(["build", "dups", "--out-dir", out], { cwd: tmp });
    expect(b.code).toBe(1);
    expect(b.stdout).toContain("built dups/a.flow");
    expect(b.stderr).toContain("not built dups/b.flow: 1 error");
  });
});
