/**
 * `node --expose-gc memory-child.mjs <flowc|inkjs> <file> <idle|compile>`: loads the tool, reads the file, compiles
 * it unless idle, and prints the peak resident set (getrusage maxRSS), which peers.bench.mjs subtracts idle from.
 */
import { readFileSync } from "node:fs";
import * as tools from "./tools.mjs";

const [tool, file, mode] = process.argv.slice(2);
const source = readFileSync(file, "utf8");
globalThis.gc();
if (mode === "compile") tools[tool].compileToJson(source);
process.stdout.write(JSON.stringify({ peakKB: process.resourceUsage().maxRSS }));
