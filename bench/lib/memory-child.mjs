/**
 * `node --expose-gc memory-child.mjs <flowc|inkjs> <file> <idle|compile>`: loads the tool, reads
 * the file, then (unless idle) compiles it once, and prints the peak resident set (getrusage
 * maxRSS, a high-water mark). peers.bench.mjs subtracts an idle child's peak from a compiling one's.
 */
import { readFileSync } from "node:fs";
import * as tools from "./tools.mjs";

const [tool, file, mode] = process.argv.slice(2);
const source = readFileSync(file, "utf8");
globalThis.gc();
if (mode === "compile") tools[tool].compileToJson(source);
process.stdout.write(JSON.stringify({ peakKB: process.resourceUsage().maxRSS }));
