import { Command, CommanderError } from "commander";
import { inspect } from "node:util";
import { registerBuild } from "./commands/build.js";
import { registerCheck } from "./commands/check.js";
import { registerFmt } from "./commands/fmt.js";
import { registerGraph } from "./commands/graph.js";
import { registerLsp } from "./commands/lsp.js";
import { registerPaths } from "./commands/paths.js";
import { registerRun } from "./commands/run.js";
import { registerStudio } from "./commands/studio.js";
import { UsageError } from "./errors.js";
import type { CliContext, CliIO } from "./io.js";
import { printable } from "./style.js";
import { cliVersion } from "./version.js";

/**
 * Every command of flowc. Each lives in commands/<name>.ts and exports a
 * `register…(program, ctx)`; adding a command is an import and a line here.
 * Registering must stay cheap: load the compiler inside the action with
 * `await loadDsl()` (dsl.ts), so `--help` and `--version` start fast.
 */
const COMMANDS: readonly ((program: Command, ctx: CliContext) => void)[] = [
  registerCheck,
  registerBuild,
  registerFmt,
  registerGraph,
  registerPaths,
  registerRun,
  registerLsp,
  registerStudio,
];

/**
 * Run flowc with `argv` (the arguments after `flowc`) against `io`, and
 * return the exit status: 0 fine, 1 the input has problems, 2 a usage or
 * file-system problem, or an internal error. Never throws and never exits
 * the process, so it can be called in-process (tests, other tools).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  try {
    await createProgram(ctx).parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

function createProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command("flowc");
  // Settings made before the commands are added are inherited by them.
  program
    .description(
      "flowc: check, build, format, draw and play .flow decision trees",
    )
    .version(cliVersion(), "-v, --version", "print the flowc version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) =>
        write(`flowc: ${text.replace(/^error: /, "")}`),
    });
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

function reportFailure(error: unknown, io: CliIO): number {
  if (error instanceof UsageError) {
    // Messages name files, and a file name (from a folder's listing) may hold control characters.
    for (const m of error.messages) io.stderr(`flowc: ${printable(m)}\n`);
    return 2;
  }
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help / the version).
    return error.exitCode === 0 ? 0 : 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `flowc: internal error: ${message} (this is a bug in flowc; please report it)\n`,
  );
  if (io.env.FLOWC_DEBUG !== undefined && io.env.FLOWC_DEBUG !== "") {
    io.stderr(`${inspect(error, { depth: 4 })}\n`);
  } else {
    io.stderr("flowc: set FLOWC_DEBUG=1 to see the details\n");
  }
  return 2;
}
