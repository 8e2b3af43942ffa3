/** @flowc/cli — the `flowc` command line, runnable in-process with an injected IO. */
export { runCli } from "./cli.js";
export type { CliContext, CliIO } from "./io.js";
export { UsageError } from "./errors.js";
export {
  findFlowFiles,
  readFlowFile,
  readFlowFiles,
  type FlowPath,
  type FlowSource,
} from "./files.js";
export { writeFileAtomic } from "./write.js";
export { createStyle, plural, useColor, type Style } from "./output.js";
export {
  createReporter,
  type CheckedFile,
  type JsonDiagnostic,
  type JsonReport,
  type Reporter,
  type ReportFormat,
  type Totals,
} from "./report.js";
