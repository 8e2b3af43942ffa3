/**
 * SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as lowercase hex, fed in
 * pieces. createSha256 uses the host's node:crypto when it has one (several
 * times faster on a large flow) and otherwise the pure-JavaScript Sha256, so
 * @flowc/dsl imports no `node:*` module and gives the same answer everywhere,
 * browsers included.
 *
 * Sha256 encodes text a slice at a time into one fixed buffer and hashes it
 * as it goes: a compiled flow of many megabytes never exists as a full copy
 * in bytes.
 */

/**
 * A SHA-256 fed in pieces: the hash of the concatenated pieces. A piece must
 * not end in the middle of a surrogate pair (each half alone would encode as
 * U+FFFD): JSON text never does, since JSON.stringify escapes lone surrogates.
 */
export interface TextHash {
  update(text: string): void;
  /** The digest as lowercase hex; the hash takes no more input after this. */
  hex(): string;
}

/** The little of node:crypto used here, so the types hold without Node's. */
interface NodeCrypto {
  /** One-shot, Node 20.12 and later: no Hash object, the text encoded once. */
  hash?(algorithm: "sha256", text: string): string;
  createHash(algorithm: "sha256"): {
    update(text: string, encoding: "utf8"): unknown;
    digest(encoding: "hex"): string;
  };
}

interface HostProcess {
  getBuiltinModule?: (id: string) => unknown;
}

/** Looked up once; null when the host has no node:crypto. */
let nodeCrypto: NodeCrypto | null | undefined;

function hostCrypto(): NodeCrypto | null {
  if (nodeCrypto === undefined) {
    // Asked of the host at run time, never imported: a browser has no `process`,
    // and Node before 20.16 no getBuiltinModule.
    const host = (globalThis as { process?: HostProcess }).process;
    const crypto = host?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
    nodeCrypto = typeof crypto?.createHash === "function" ? crypto : null;
  }
  return nodeCrypto;
}

/** SHA-256 by node:crypto, or undefined when the host has none. */
export function nativeSha256(): TextHash | undefined {
  const crypto = hostCrypto();
  if (!crypto) return undefined;
  const hash = crypto.createHash("sha256");
  return {
    // "utf8" encodes a lone surrogate as U+FFFD, as TextEncoder does for Sha256.
    update: (text) => void hash.update(text, "utf8"),
    hex: () => hash.digest("hex"),
  };
}

/** SHA-256 of one whole text, as lowercase hex (about a third faster than createSha256 on megabytes). */
export function sha256Hex(text: string): string {
  const crypto = hostCrypto();
  if (crypto?.hash) return crypto.hash("sha256", text);
  const hash = createSha256();
  hash.update(text);
  return hash.hex();
}

/** The fastest SHA-256 the host offers: node:crypto's, else the pure-JavaScript one. */
export function createSha256(): TextHash {
  return nativeSha256() ?? new Sha256();
}

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** UTF-16 code units encoded per slice: at most 3 bytes each in UTF-8. */
const SLICE = 1 << 15;

let encoder: TextEncoder | undefined;

/** SHA-256 in pure JavaScript, for hosts without node:crypto. */
export class Sha256 implements TextHash {
  private readonly state = new Int32Array(INITIAL);
  private readonly w = new Int32Array(64);
  /** Room for one slice after a partial block, and for the final padding. */
  private readonly buffer = new Uint8Array(64 + SLICE * 3);
  /** Bytes at the start of `buffer` not hashed yet (always fewer than 64). */
  private pending = 0;
  private total = 0;

  update(text: string): void {
    encoder ??= new TextEncoder();
    const { buffer } = this;
    for (let i = 0; i < text.length; ) {
      let end = Math.min(i + SLICE, text.length);
      // Never cut a surrogate pair between two slices.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      const piece = i === 0 && end === text.length ? text : text.slice(i, end);
      const { written } = encoder.encodeInto(piece, buffer.subarray(this.pending));
      this.total += written;
      const filled = this.pending + written;
      const whole = filled - (filled % 64);
      for (let offset = 0; offset < whole; offset += 64) compress(this.state, this.w, buffer, offset);
      buffer.copyWithin(0, whole, filled);
      this.pending = filled - whole;
      i = end;
    }
  }

  hex(): string {
    const { buffer, pending, state } = this;
    // 0x80, zeros, then the length in bits as a 64-bit big-endian number, to a multiple of 64 bytes.
    const padded = pending < 56 ? 64 : 128;
    buffer.fill(0, pending, padded);
    buffer[pending] = 0x80;
    const bits = this.total * 8;
    writeUint32(buffer, padded - 8, Math.floor(bits / 0x100000000));
    writeUint32(buffer, padded - 4, bits >>> 0);
    for (let offset = 0; offset < padded; offset += 64) compress(state, this.w, buffer, offset);
    let hex = "";
    for (let k = 0; k < 8; k++) hex += (state[k]! >>> 0).toString(16).padStart(8, "0");
    return hex;
  }
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/** One 64-byte block at `offset` of `bytes` into `state` (`w` is scratch space). */
function compress(state: Int32Array, w: Int32Array, bytes: Uint8Array, offset: number): void {
  for (let t = 0; t < 16; t++) {
    const j = offset + t * 4;
    w[t] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
  }
  // Every sum is cut back to 32 bits at once (`| 0`), so the engine keeps it in integer registers.
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (((w[t - 16]! + s0) | 0) + ((w[t - 7]! + s1) | 0)) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (((((h + S1) | 0) + ch) | 0) + ((K[t]! + w[t]!) | 0)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
