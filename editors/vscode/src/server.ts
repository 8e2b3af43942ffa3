// The language server as the extension starts it: `node dist/server.cjs --stdio`.
import { startStdioServer } from "@flowc/language-server";

void startStdioServer().then((clean) => {
  process.exitCode = clean ? 0 : 1;
});
