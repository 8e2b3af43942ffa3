/**
 * Everything the CLI needs from the outside world, injected so that `runCli`
 * can be run in-process by tests (and embedded by other tools).
 */
export interface CliIO {
  /** Write text to standard output (the caller adds line breaks). */
  readonly stdout: (text: string) => void;
  /** Write text to standard error. */
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal: decides colour (see style.ts) and interactive use. */
  readonly isTTY: boolean;
  /** The environment (NO_COLOR, FORCE_COLOR, FLOWC_DEBUG, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Standard input, for interactive commands (`flowc run` on a terminal). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Whether stdin is a terminal. */
  readonly stdinIsTTY?: boolean;
}

/** What a command's registration needs: the IO, and where to put its exit status. */
export interface CliContext {
  readonly io: CliIO;
  /**
   * The process exit status: 0 success, 1 the input has problems (errors, or
   * files that would change), 2 a usage or file-system problem. A command's
   * action sets it; usage and file errors are thrown as `UsageError` instead.
   */
  exitCode: number;
}
