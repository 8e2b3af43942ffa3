import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * System programs that some tests drive: Chromium (the agent console end to
 * end), Graphviz's `dot` (diagram validity) and Neovim (the language server in
 * a real editor). They come from the system, never from npm downloads:
 * `scripts/system-tools.sh` installs them on Debian when run as root (`npm run
 * setup` and `.ci/run` call it).
 *
 * A test file asks for a tool once, at load time:
 *
 *     const dot = toolOrSkip("dot");
 *     it.skipIf(!dot)("Graphviz renders it", () => spawnSync(dot!.path, …));
 *
 * When the tool is missing, the tests that need it skip and the file prints one
 * line saying why and how to install it; with FLOWC_REQUIRE_TOOLS=1 (CI) a
 * missing tool is a failure instead.
 */
export type ToolName = "chromium" | "dot" | "nvim";

export interface FoundTool {
  readonly name: ToolName;
  /** Absolute path of the program (or FLOWC_<TOOL> as given). */
  readonly path: string;
  /** The first line the program printed for its version flag. */
  readonly version: string;
}

interface ToolInfo {
  /** What a person calls it. */
  readonly label: string;
  /** The variable that points at the program when it is not on the PATH under its usual name. */
  readonly env: string;
  /** Names looked up on the PATH, in order. */
  readonly commands: readonly string[];
  readonly versionArgs: readonly string[];
  /** Debian's package. */
  readonly debian: string;
  /** What else works, for a machine that is not Debian. */
  readonly elsewhere: string;
}

export const TOOLS: Readonly<Record<ToolName, ToolInfo>> = {
  chromium: {
    label: "Chromium",
    env: "FLOWC_CHROMIUM",
    commands: ["chromium", "chromium-browser"],
    versionArgs: ["--version"],
    debian: "chromium",
    elsewhere: "or set FLOWC_CHROMIUM to a Chromium or Chrome binary",
  },
  dot: {
    label: "Graphviz `dot`",
    env: "FLOWC_DOT",
    commands: ["dot"],
    versionArgs: ["-V"],
    debian: "graphviz",
    elsewhere: "brew install graphviz, or set FLOWC_DOT to the program's path",
  },
  nvim: {
    label: "Neovim `nvim`",
    env: "FLOWC_NVIM",
    commands: ["nvim"],
    versionArgs: ["--version"],
    debian: "neovim",
    elsewhere: "brew install neovim, or set FLOWC_NVIM to the program's path",
  },
};

export type ToolLookup = FoundTool | { readonly missing: string };

/** Finds a tool, or says in one line why it is not there and how to install it. Never throws. */
export function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): ToolLookup {
  return locate(name, TOOLS[name], env);
}

/**
 * The tool, or `undefined` after printing why the tests that need it are
 * skipped. With FLOWC_REQUIRE_TOOLS=1 a missing tool throws instead, which
 * fails the test file.
 */
export function toolOrSkip(name: ToolName): FoundTool | undefined {
  const lookup = findTool(name);
  if (!("missing" in lookup)) return lookup;
  if (process.env.FLOWC_REQUIRE_TOOLS === "1") {
    throw new Error(`${lookup.missing} (FLOWC_REQUIRE_TOOLS=1: a missing tool is a failure here)`);
  }
  console.warn(`skipped: ${lookup.missing}`);
  return undefined;
}

function locate(name: ToolName, info: ToolInfo, env: NodeJS.ProcessEnv): ToolLookup {
  const install = `install it with scripts/system-tools.sh as root on Debian (apt-get install ${info.debian}), ${info.elsewhere}`;
  const missing = (why: string) => ({ missing: `${info.label} ${why}; ${install}` });

  const given = env[info.env];
  let path: string | undefined;
  if (given !== undefined && given !== "") {
    path = given.includes("/") ? (isExecutable(given) ? given : undefined) : onPath(given, env);
    if (path === undefined) return missing(`not found: ${info.env}=${given} is not an executable file`);
  } else {
    for (const command of info.commands) {
      path = onPath(command, env);
      if (path !== undefined) break;
    }
    if (path === undefined) return missing(`not found on the PATH (${info.commands.join(", ")})`);
  }

  const run = spawnSync(path, info.versionArgs, { encoding: "utf8", timeout: 20_000 });
  if (run.status !== 0) {
    const why = run.error?.message ?? `exited with status ${run.status ?? run.signal}`;
    return missing(`at ${path} does not run (${path} ${info.versionArgs.join(" ")}: ${why})`);
  }
  const version =
    `${run.stdout}\n${run.stderr}`.split("\n").find((line) => /\d+\.\d+/.test(line))?.trim() ?? "";
  return { name, path, version };
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
