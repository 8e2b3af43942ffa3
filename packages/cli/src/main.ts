import { runCli } from "./cli.js";
import type { CliIO } from "./io.js";

// The process entry of the `flowc` bin. It only wires the real world to
// runCli and sets the exit status; it never calls process.exit, so output
// written to a pipe is flushed before the process ends.

// `flowc check | head` closes the pipe early: that is not an error. Any
// other failure to write the output (a full disk) is said in one line.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") {
    process.stderr.write(
      `flowc: cannot write the output: ${error.code ?? error.message}\n`,
    );
    process.exitCode = 2;
  }
  process.exit(process.exitCode ?? 0);
});

const realIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  // A getter: touching process.stdin opens it, which only `run` needs.
  get stdin() {
    return process.stdin;
  },
  get stdinIsTTY() {
    return process.stdin.isTTY === true;
  },
};

process.exitCode = await runCli(process.argv.slice(2), realIO);
