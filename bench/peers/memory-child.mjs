/**
 * Runs in a fresh `node --expose-gc` child: loads one tool, reads one source
 * file, and (unless `idle`) compiles it once. Prints the kernel's peak
 * resident set (getrusage maxRSS, a high-water mark: no sampling can miss a
 * short peak) and the heap retained afterwards. The parent subtracts the
 * figures of an `idle` child that did everything except the compile.
 *
 *   node --expose-gc memory-child.mjs <flowc|inkjs> <source file> <idle|compile>
 */
import { readFileSync } from "node:fs";

const [toolName, file, mode] = process.argv.slice(2);
const tool = toolName === "flowc" ? await import("./tools/flowc.mjs") : await import("./tools/ink.mjs");
const source = readFileSync(file, "utf8");
globalThis.gc();
const beforeKB = process.resourceUsage().maxRSS;
let output = null;
if (mode === "compile") output = tool.compileToJson(source);
const peakKB = process.resourceUsage().maxRSS;
globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(
  JSON.stringify({ tool: toolName, mode, beforeKB, peakKB, rss, heapUsed, outputChars: output?.length ?? 0 }),
);
