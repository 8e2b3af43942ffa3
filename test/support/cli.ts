import { fileURLToPath } from "node:url";
import { type CliIO, runCli } from "@flowc/cli";

/** What an in-process `flowc` run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly isTTY?: boolean;
  readonly env?: Record<string, string | undefined>;
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdinIsTTY?: boolean;
}

/** Absolute path of a folder under test/fixtures. */
export function fixturesDir(area: string): string {
  return fileURLToPath(new URL(`../fixtures/${area}/`, import.meta.url));
}

/** Run `flowc ...argv` in-process with an in-memory IO (no TTY, empty environment unless given). */
export async function flowc(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.stdinIsTTY !== undefined
      ? { stdinIsTTY: options.stdinIsTTY }
      : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
