import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "@flowc/dsl";
import ts from "typescript";
import {
  build,
  createServer,
  type InlineConfig,
  type Rollup,
  type ViteDevServer,
} from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowc, type FlowcPluginOptions } from "../packages/vite/src/index.js";

// The plugin through Vite's own JS API: a fixture app (test/fixtures/vite)
// copied to a temporary folder inside the repository, so that the app's
// `@flowc/runtime` import resolves like in a real workspace.
const root = resolve(import.meta.dirname, "..");
const runtimeSource = join(root, "packages/runtime/src/index.ts");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(root, ".flowc-tmp-vite-"));
  cpSync(join(root, "test/fixtures/vite"), dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".ts.fixture"))
      renameSync(join(dir, name), join(dir, name.replace(/\.fixture$/, "")));
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function config(
  entry: string,
  options: FlowcPluginOptions = {},
  warnings: Rollup.RollupLog[] = [],
): InlineConfig {
  return {
    root: dir,
    configFile: false,
    logLevel: "silent",
    plugins: [flowc(options)],
    resolve: { alias: { "@flowc/runtime": runtimeSource } },
    build: {
      write: false,
      minify: false,
      lib: { entry: join(dir, entry), formats: ["es"], fileName: "out" },
      rollupOptions: {
        onwarn(warning) {
          warnings.push(warning);
        },
      },
    },
  };
}

function chunksOf(
  output: Awaited<ReturnType<typeof build>>,
): Rollup.OutputChunk[] {
  const outputs = Array.isArray(output) ? output : [output];
  return outputs
    .flatMap((o) => ("output" in o ? o.output : []))
    .filter((c): c is Rollup.OutputChunk => c.type === "chunk");
}

/** What a failed build reports: Vite 8 (rolldown) wraps the plugin errors in `errors`. */
function firstError(error: unknown): {
  id?: string;
  loc?: { file?: string; line: number; column: number };
  frame?: string;
  message: string;
} {
  const e = error as { errors?: unknown[] };
  return (
    Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : error
  ) as ReturnType<typeof firstError>;
}

describe("@flowc/vite in a production build", () => {
  it("compiles an imported .flow into a module the runtime plays, without the compiler", async () => {
    const chunks = chunksOf(await build(config("app.ts")));
    expect(chunks).toHaveLength(1);
    const code = chunks[0]!.code;
    // The compiled definition is in the bundle; the compiler is not.
    expect(code).toContain("greeting");
    expect(code).not.toMatch(
      /chevrotain|CstParser|createToken|formatDiagnostic|emitTypeScript/,
    );
    const file = join(dir, "out.mjs");
    writeFileSync(file, code);
    const app = (await import(pathToFileURL(file).href)) as {
      play(name: string, answer: string): readonly string[];
      title: string;
    };
    expect(app.title).toBe("Приветствие");
    expect(app.play("Анна", "calm")).toEqual(["Анна, спасибо за звонок!"]);
    expect(app.play("Анна", "upset")).toEqual(["Анна, приносим извинения."]);
  });

  it("fails on a broken flow with the file, line, column and flowc's code frame", async () => {
    writeFileSync(
      join(dir, "broken-app.ts"),
      'import flow from "./broken.flow";\nexport default flow;\n',
    );
    const error = await build(config("broken-app.ts")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    const e = firstError(error);
    const file = join(dir, "broken.flow");
    // The same first error `flowc check` reports, at the same place.
    const expected = compile(
      readFileSync(file, "utf8"),
      file,
    ).diagnostics.filter((d) => d.severity === "error");
    const codes = expected.map((d) => d.code);
    expect(codes).toContain("undefined-target");
    expect(codes).toContain("undeclared-input");
    expect(codes[0]).toBe("undefined-target");
    expect(e.id).toBe(file);
    expect(e.loc).toEqual({ file, line: 5, column: expect.any(Number) });
    const line5 = '  option late "Заказ опаздывает" -> delayed_ordr';
    // Columns count code points from 1: the error points into the `-> delayed_ordr` part.
    expect(e.loc!.column).toBeGreaterThanOrEqual(line5.indexOf("->") + 1);
    expect(e.loc!.column).toBeLessThanOrEqual(
      line5.indexOf("delayed_ordr") + 1,
    );
    expect(e.message).toContain(expected[0]!.message);
    expect(e.message).toContain(`and ${expected.length - 1} more`);
    // The frame is formatDiagnostic's: header, numbered source line, carets, for every error.
    expect(e.frame).toContain("error[undefined-target]");
    expect(e.frame).toContain(`5 | ${line5}`);
    expect(e.frame).toMatch(/\^+/);
    for (const code of codes) expect(e.frame).toContain(`error[${code}]`);
    expect(e.frame).toContain('7 |     say "{client}, мы проверим заказ."');
  });

  it("passes warnings to Vite's warning channel and still builds", async () => {
    writeFileSync(
      join(dir, "warned-app.ts"),
      'import flow from "./warned.flow";\nexport default flow;\n',
    );
    const warnings: Rollup.RollupLog[] = [];
    const chunks = chunksOf(await build(config("warned-app.ts", {}, warnings)));
    expect(chunks).toHaveLength(1);
    const todo = warnings.find(
      (w) => w.plugin === "flowc" && w.message.includes("[todo]"),
    );
    expect(todo).toBeDefined();
    expect(todo!.message).toContain("[todo]");
    expect(todo!.loc).toMatchObject({
      file: join(dir, "warned.flow"),
      line: 6,
    });
    // The frame is flowc's code frame, without its header line (Vite prints the place itself).
    expect(todo!.frame).toMatch(
      /^6 \|     todo "Скрипт про оплату ещё не написан\."\n +\| +\^+/,
    );
  });

  it('warnings: "count" sums a file\'s warnings up in one line; "none" drops them', async () => {
    const counted: Rollup.RollupLog[] = [];
    await build(config("warned-app.ts", { warnings: "count" }, counted));
    const ours = counted.filter((w) => w.plugin === "flowc");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toMatch(
      /2 warnings \((1 todo, 1 silent-end|1 silent-end, 1 todo)\)/,
    );
    const none: Rollup.RollupLog[] = [];
    await build(config("warned-app.ts", { warnings: "none" }, none));
    expect(none.filter((w) => w.plugin === "flowc")).toEqual([]);
  });

  it("strict: true makes warnings fail the build", async () => {
    const error = await build(config("warned-app.ts", { strict: true })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(firstError(error).frame).toContain("warning[todo]");
    expect(firstError(error).loc).toMatchObject({ line: 6 });
  });
});

describe("@flowc/vite in the dev server", () => {
  let server: ViteDevServer;
  let flowFile: string;

  beforeAll(async () => {
    flowFile = join(dir, "dev.flow");
    cpSync(join(dir, "greeting.flow"), flowFile);
    server = await createServer({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: [flowc()],
      resolve: { alias: { "@flowc/runtime": runtimeSource } },
      server: { middlewareMode: true, watch: { usePolling: false } },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("serves a .flow import as JavaScript (types stripped)", async () => {
    const out = await server.transformRequest("/dev.flow");
    expect(out?.code).toContain("спасибо за звонок");
    expect(out?.code).not.toMatch(
      /\binterface\b|\bsatisfies\b|: FlowDefinition</,
    );
  });

  it("reports a broken flow with loc and frame (what the error overlay shows), then recovers after an edit", async () => {
    const good = readFileSync(flowFile, "utf8");
    writeFileSync(flowFile, good.replace("-> apology", "-> apolgy"));
    await waitForInvalidation(server, flowFile);
    const error = (await server.transformRequest("/dev.flow").then(
      () => undefined,
      (e: unknown) => e,
    )) as
      | {
          loc?: { file: string; line: number; column: number };
          frame?: string;
          plugin?: string;
        }
      | undefined;
    expect(error).toBeDefined();
    expect(error!.plugin).toBe("flowc");
    expect(error!.loc).toMatchObject({ file: flowFile, line: 10 });
    expect(error!.frame).toContain("error[undefined-target]");
    expect(error!.frame).toContain("-> apolgy");

    writeFileSync(
      flowFile,
      good.replace("спасибо за звонок", "спасибо, что позвонили"),
    );
    await waitForInvalidation(server, flowFile);
    const out = await server.transformRequest("/dev.flow");
    expect(out?.code).toContain("спасибо, что позвонили");
  });
});

describe("@flowc/vite dts: exact types per flow", () => {
  it("writes <name>.d.flow.ts beside the flow, and tsc enforces the flow's inputs, asks and keys", async () => {
    await build(config("app.ts", { dts: true }));
    const declaration = readFileSync(join(dir, "greeting.d.flow.ts"), "utf8");
    expect(declaration).toContain('mood: "calm" | "upset";');
    expect(declaration).toContain(
      "export declare const flow: FlowDefinition<Inputs, Asks>;",
    );
    // Types only: the definition's value stays in the bundle, not in the declaration.
    expect(declaration).not.toContain("Спасибо".toLowerCase());

    const diagnostics = typecheck(join(dir, "typed-usage.ts"));
    // Every `@ts-expect-error` line is a real error (an unused one is reported), and nothing else fails.
    expect(diagnostics).toEqual([]);

    // The same file without the exact types: the expected errors do not happen, so tsc complains.
    rmSync(join(dir, "greeting.d.flow.ts"));
    const loose = typecheck(join(dir, "typed-usage.ts"));
    expect(
      loose.some((d) => d.includes("Unused '@ts-expect-error' directive")),
    ).toBe(true);
  });

  it("does not rewrite an unchanged declaration (no reload loops in watch mode)", async () => {
    await build(config("app.ts", { dts: true }));
    const file = join(dir, "greeting.d.flow.ts");
    writeFileSync(file, readFileSync(file, "utf8"));
    const before = statMtime(file);
    await new Promise((r) => setTimeout(r, 20));
    await build(config("app.ts", { dts: true }));
    expect(statMtime(file)).toBe(before);
  });
});

function statMtime(file: string): number {
  return ts.sys.getModifiedTime!(file)!.getTime();
}

/** tsc on one file, as an app would compile it: the generic client types plus allowArbitraryExtensions. */
function typecheck(file: string): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowArbitraryExtensions: true,
    types: [],
    baseUrl: root,
    paths: { "@flowc/runtime": [runtimeSource] },
  };
  const program = ts.createProgram(
    [file, join(root, "packages/vite/client.d.ts")],
    options,
  );
  return ts
    .getPreEmitDiagnostics(program)
    .filter(
      (d) =>
        d.file === undefined || !d.file.fileName.includes("/packages/runtime/"),
    )
    .map((d) => {
      const where =
        d.file && d.start !== undefined
          ? d.file.getLineAndCharacterOfPosition(d.start)
          : undefined;
      const at =
        d.file && where ? `${d.file.fileName}:${where.line + 1}: ` : "";
      return at + ts.flattenDiagnosticMessageText(d.messageText, "\n");
    });
}

/** Waits until Vite's watcher has seen the edit (the module's cached transform is dropped). */
async function waitForInvalidation(
  server: ViteDevServer,
  file: string,
): Promise<void> {
  const graph = server.environments.client.moduleGraph;
  for (let i = 0; i < 200; i++) {
    const modules = graph.getModulesByFile(file);
    if (
      modules === undefined ||
      [...modules].every((m) => m.transformResult === null)
    )
      return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Vite did not notice the change to ${file}`);
}
