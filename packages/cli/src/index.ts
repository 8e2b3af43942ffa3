/** @flowc/cli — the `flowc` command line, runnable in-process with an injected IO. */
export { runCli } from "./cli.js";
export type { CliContext, CliIO } from "./io.js";
export { UsageError } from "./errors.js";
export {
  findFlowFiles,
  readFlowFile,
  readFlowFiles,
  writeFileAtomic,
  type FindOptions,
  type FlowPath,
  type FlowSource,
  type WriteOptions,
} from "./fs.js";
export {
  createStyle,
  plural,
  printable,
  useColor,
  type Style,
} from "./style.js";
export {
  createReporter,
  type CheckedFile,
  type JsonDiagnostic,
  type JsonReport,
  type Reporter,
  type ReportFormat,
  type Totals,
} from "./report.js";
