import type { Command } from "commander";
import { UsageError } from "../errors.js";
import type { CliContext } from "../io.js";

/**
 * `flowc lsp --stdio`: the flow language server for editors (Neovim,
 * Helix, Emacs, VS Code; see docs/editors.md). It speaks LSP on the
 * process's own standard input and output — not through CliIO, whose
 * stdout is text for people — and returns when the editor closes it.
 */
export function registerLsp(program: Command, ctx: CliContext): void {
  program
    .command("lsp")
    .description("start the flow language server for an editor (LSP over standard input/output)")
    .option("--stdio", "talk LSP over standard input and output (the only transport)")
    .action(async (options: { stdio?: boolean }) => {
      if (options.stdio !== true) {
        throw new UsageError(
          "the language server talks to an editor over standard input/output: run it as `flowc lsp --stdio` from the editor's LSP settings (see docs/editors.md)",
        );
      }
      // Loaded here: the server and the compiler are only needed by this command.
      const { startStdioServer } = await import("@flowc/language-server");
      // As LSP asks: exit 0 after a shutdown request, 1 when the editor just went away.
      ctx.exitCode = (await startStdioServer()) ? 0 : 1;
    });
}
