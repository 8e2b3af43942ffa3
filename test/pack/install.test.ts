import { execFile, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { format } from "@flowc/dsl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The published shape, as a user gets it: `npm pack` the five packages (their
// built dist/, so this runs after `npm run build`, as in CI), install the
// tarballs into an empty project outside the repository, and use them there
// the way the README says. Installing takes a while (the packages' own
// dependencies come from npm's cache, or the registry when the cache lacks
// them), so this file has its own long timeouts.
const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");
const PACKAGES = [
  "@flowc/runtime",
  "@flowc/dsl",
  // `flowc lsp` needs it: @flowc/cli depends on it.
  "@flowc/language-server",
  // `flowc studio` needs it: @flowc/cli depends on it.
  "@flowc/studio",
  "@flowc/cli",
  "@flowc/vite",
] as const;
const SLOW = 600_000;

let tmp: string;
let app: string;
let packed: Record<string, { filename: string; files: string[] }>;

const execFileAsync = promisify(execFile);

/** The environment of a user's shell: none of the npm settings of the `npm test` that started us. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  for (const [k, v] of Object.entries(process.env)) {
    if (k.toLowerCase().startsWith("npm_") && !keep.has(k.toLowerCase())) continue;
    if (k === "INIT_CWD" || k === "NO_COLOR" || k === "FORCE_COLOR") continue;
    env[k] = v;
  }
  return env;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program; a non-zero exit is returned, not thrown, so tests can expect it. */
async function run(file: string, args: readonly string[], cwd = app): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, {
      cwd,
      env: userEnv(),
      encoding: "utf8",
      timeout: SLOW,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Runs a program that must succeed, and says what it printed when it did not. */
async function ok(file: string, args: readonly string[], cwd = app): Promise<Run> {
  const r = await run(file, args, cwd);
  if (r.code !== 0) {
    throw new Error(`${file} ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

const write = (path: string, text: string) => {
  mkdirSync(join(app, path, ".."), { recursive: true });
  writeFileSync(join(app, path), text);
};

const REFUND = `// A small flow for the packed-install test.
flow refund "Возврат"

input client_name "Имя клиента"

ask reason "Почему клиент просит возврат?" {
  option damaged "Товар повреждён" {
    ticket "Возврат повреждённого товара" {
      queue "Returns"
      field comment "Комментарий" required
    }
    say "{client_name}, оформил(а) возврат."
  }
  option changed_mind "Передумал" -> changed_mind
}

node changed_mind {
  say "{client_name}, вернуть товар можно в течение 14 дней."
}
`;

beforeAll(async () => {
  for (const dir of ["runtime", "dsl", "language-server", "studio", "cli", "vite"]) {
    if (!existsSync(join(root, "packages", dir, "dist"))) {
      throw new Error(`packages/${dir}/dist is missing: run \`npm run build\` first`);
    }
  }
  tmp = mkdtempSync(join(tmpdir(), "flowc-pack-"));
  try {
    app = join(tmp, "app");
    const tarballs = join(tmp, "tarballs");
    mkdirSync(app);
    mkdirSync(tarballs);

    const workspaces = PACKAGES.flatMap((name) => ["--workspace", name]);
    const pack = await ok(
      "npm",
      ["pack", ...workspaces, "--pack-destination", tarballs, "--json"],
      root,
    );
    const list = JSON.parse(pack.stdout) as {
      name: string;
      filename: string;
      files: { path: string }[];
    }[];
    packed = Object.fromEntries(
      list.map((p) => [p.name, { filename: p.filename, files: p.files.map((f) => f.path) }]),
    );

    write("package.json", JSON.stringify({ name: "app", private: true, type: "module" }));
    await ok("npm", [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...PACKAGES.map((name) => join(tarballs, packed[name]!.filename)),
      // The prettier plugin's optional peer; the Vite plugin's peer comes by itself.
      "prettier@^3",
    ]);
    write("flows/refund.flow", REFUND);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}, SLOW);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the packed packages, installed in an empty project", { timeout: SLOW }, () => {
  it("each tarball holds its README, its package.json and built files, and no sources", () => {
    expect(Object.keys(packed).sort()).toEqual([...PACKAGES].sort());
    for (const name of PACKAGES) {
      const files = packed[name]!.files;
      expect(files, name).toContain("README.md");
      expect(files, name).toContain("package.json");
      expect(files.some((f) => f.startsWith("dist/") && f.endsWith(".js")), name).toBe(true);
      expect(files.filter((f) => f.startsWith("src/") || f.includes(".test.")), name).toEqual([]);
    }
    expect(packed["@flowc/cli"]!.files).toContain("bin/flowc.js");
    // The studio's web app is built into the tarball: `flowc studio` serves it as it is.
    expect(packed["@flowc/studio"]!.files).toContain("dist/app/index.html");
  });

  it("npx flowc studio serves the built app and the project's flows, and stops on Ctrl+C", async () => {
    const child = spawn("npx", ["flowc", "studio", "flows", "--port", "0"], {
      cwd: app,
      env: userEnv(),
      detached: true,
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const deadline = Date.now() + 60_000;
      let match: RegExpExecArray | null;
      while ((match = /^flowc studio: (http:\/\/\S+)$/m.exec(out)) === null) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`flowc studio printed no address:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const url = new URL(match[1]!);
      const page = await fetch(new URL("/", url));
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module"/);
      const files = await fetch(new URL("/api/files", url), {
        headers: { "X-Flowc-Token": url.searchParams.get("token")! },
      });
      expect(((await files.json()) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(["refund.flow"]);
    } finally {
      // npx runs flowc as its child: the signal goes to the whole group, as Ctrl+C does.
      process.kill(-child.pid!, "SIGINT");
    }
    await exited;
    expect(out).toMatch(/flowc studio: stopped\n$/);
  });

  it("npx flowc check passes a clean flow and fails a broken one with its place", async () => {
    const version = await ok("npx", ["flowc", "--version"]);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8")).version,
    );

    expect((await ok("npx", ["flowc", "check", "flows"])).stdout).toBe("no problems in 1 file\n");

    write("broken/typo.flow", REFUND.replace("-> changed_mind", "-> changed_mnd"));
    const broken = await run("npx", ["flowc", "check", "broken"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^broken\/typo\.flow:14:\d+: error\[undefined-target\]: /m);
  });

  it("flowc build writes a typed module; an app compiled by tsc (NodeNext) imports @flowc/runtime and plays it", async () => {
    await ok("npx", ["flowc", "build", "flows", "--out-dir", "build"]);
    write(
      "main.ts",
      `import { choose, result, start } from "@flowc/runtime";
import flow from "./build/refund.js";

let session = start(flow, { client_name: "Анна" });
if (session.status === "asking") session = choose(session, "changed_mind");
console.log(JSON.stringify(result(session).says));
`,
    );
    // Type-checked, never run: the installed types reject what the flow does not have.
    write(
      "misuse.ts",
      `import { choose, start } from "@flowc/runtime";
import flow from "./build/refund.js";

// @ts-expect-error: the flow needs client_name
start(flow, {});
const session = start(flow, { client_name: "Анна" });
// @ts-expect-error: the flow has no option "nope"
if (session.status === "asking") choose(session, "nope");
`,
    );
    write(
      "tsconfig.json",
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          outDir: "out",
          types: [],
        },
        files: ["main.ts", "misuse.ts"],
      }),
    );
    const compiled = await run(process.execPath, [tsc, "-p", "tsconfig.json"]);
    expect(compiled.stdout + compiled.stderr).toBe("");
    expect(compiled.code).toBe(0);

    const played = await ok(process.execPath, ["out/main.js"]);
    expect(JSON.parse(played.stdout)).toEqual(["Анна, вернуть товар можно в течение 14 дней."]);
  });

  it("require('@flowc/runtime') plays the JSON that flowc build --emit json wrote", async () => {
    await ok("npx", ["flowc", "build", "flows", "--out-dir", "build-json", "--emit", "json"]);
    write(
      "play.cjs",
      `const { start, choose, result } = require("@flowc/runtime");
const flow = require("./build-json/refund.json");
let session = start(flow, { client_name: "Анна" });
session = choose(session, "damaged");
const done = result(session);
console.log(JSON.stringify({ says: done.says, tickets: done.tickets.map((t) => t.title) }));
`,
    );
    const played = await ok(process.execPath, ["play.cjs"]);
    expect(JSON.parse(played.stdout)).toEqual({
      says: ["Анна, оформил(а) возврат."],
      tickets: ["Возврат повреждённого товара"],
    });
  });

  it("prettier formats a .flow file through @flowc/dsl/prettier exactly as flowc fmt does", async () => {
    const messy = 'flow   messy "Грязный"\nask q "Вопрос?" {\n      option a "А" { say "ок" }\n  option b "Б" {say "нет"}\n}\n';
    write("fmt/messy.flow", messy);
    write(".prettierrc.json", JSON.stringify({ plugins: ["@flowc/dsl/prettier"] }));
    expect((await run("npx", ["flowc", "fmt", "--check", "fmt"])).code).toBe(1);

    await ok("npx", ["prettier", "--write", "fmt/messy.flow"]);
    const formatted = readFileSync(join(app, "fmt/messy.flow"), "utf8");
    expect(formatted).not.toBe(messy);
    expect(formatted).toBe(format(messy).text);
    expect((await run("npx", ["flowc", "fmt", "--check", "fmt"])).code).toBe(0);
  });

  it("@flowc/vite: vite build bundles a page that imports a .flow file, without the compiler", async () => {
    write(
      "web/vite.config.js",
      `import { flowc } from "@flowc/vite";
export default { plugins: [flowc()], logLevel: "error" };
`,
    );
    write(
      "web/index.html",
      `<!doctype html>\n<html><body><script type="module" src="./main.js"></script></body></html>\n`,
    );
    write(
      "web/main.js",
      `import { start } from "@flowc/runtime";
import flow from "../flows/refund.flow";
document.body.textContent = start(flow, { client_name: "Анна" }).ask.text;
`,
    );
    await ok("npx", ["vite", "build", "web"]);
    const assets = join(app, "web/dist/assets");
    const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(js).toHaveLength(1);
    const code = readFileSync(join(assets, js[0]!), "utf8");
    expect(code).toContain("Почему клиент просит возврат?");
    expect(code).not.toMatch(/chevrotain|CstParser/);
  });
});
