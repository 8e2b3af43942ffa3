import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * SHA-256 of a string's UTF-8 bytes, as lowercase hex. @noble/hashes is
 * synchronous and runs in browsers as in Node, so the compiler imports no
 * `node:*` module and gives the same hash everywhere.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
