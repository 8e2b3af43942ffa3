/**
 * One compile in a fresh process, for the peak-memory comparison:
 *
 *   node --expose-gc bench/lib/memory-child.mjs <flowc|inkjs> <source file> <idle|compile>
 *
 * Loads the tool, reads the source, collects, then (unless `idle`) compiles
 * it once, and prints the kernel's peak resident set (getrusage maxRSS: a
 * high-water mark no short peak slips past). The parent subtracts the peak
 * of an `idle` child, which did everything but the compile.
 */
import { readFileSync } from "node:fs";
import * as tools from "./tools.mjs";

const [tool, file, mode] = process.argv.slice(2);
const source = readFileSync(file, "utf8");
globalThis.gc();
if (mode === "compile") tools[tool].compileToJson(source);
process.stdout.write(JSON.stringify({ peakKB: process.resourceUsage().maxRSS }));
