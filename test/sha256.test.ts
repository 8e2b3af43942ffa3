/**
 * The pure-JavaScript SHA-256 behind a definition's `hash` gives node:crypto's
 * answer: around the 64-byte block and 56-byte padding edges, across the
 * slices it encodes a long string in (surrogate pairs cut by a slice edge),
 * on lone surrogates (both encode them as U+FFFD), and fed in pieces.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSha256,
  nativeSha256,
  Sha256,
  sha256Hex as wholeTextSha256,
  type TextHash,
} from "../packages/dsl/src/emit/sha256.js";

function sha256Hex(...pieces: string[]): string {
  const hash = new Sha256();
  for (const piece of pieces) hash.update(piece);
  return hash.hex();
}

const reference = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex", () => {
  it("hashes the empty string and the FIPS 180-4 examples", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agrees with node:crypto at every length around the block edges", () => {
    for (let n = 0; n <= 200; n++) {
      const ascii = "a".repeat(n);
      const cyrillic = "ж".repeat(n); // 2 bytes each
      expect(sha256Hex(ascii)).toBe(reference(ascii));
      expect(sha256Hex(cyrillic)).toBe(reference(cyrillic));
    }
  });

  it("agrees with node:crypto on long strings, surrogate pairs on every slice edge", () => {
    for (const unit of ["😀", "x😀", "ab😀", "я"]) {
      const text = unit.repeat(Math.ceil(100_000 / unit.length));
      expect(sha256Hex(text)).toBe(reference(text));
    }
  });

  it("agrees with node:crypto on arbitrary strings, lone surrogates included", () => {
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 });
    fc.assert(
      fc.property(units, fc.integer({ min: 0, max: 70_000 }), (codes, pad) => {
        const text = "ё".repeat(pad) + String.fromCharCode(...codes);
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 500 }), (text) => {
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the hash of the whole text when fed in pieces", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 200 }), { maxLength: 40 }), (pieces) => {
        expect(sha256Hex(...pieces)).toBe(reference(pieces.join("")));
      }),
      { numRuns: 300 },
    );
    const big = ["x".repeat(40_000), "ж".repeat(70_000), "", "😀".repeat(20_000), "y"];
    expect(sha256Hex(...big)).toBe(reference(big.join("")));
  });
});

describe("native and pure-JavaScript SHA-256", () => {
  const hashOf = (hash: TextHash, pieces: readonly string[]): string => {
    for (const piece of pieces) hash.update(piece);
    return hash.hex();
  };

  it("uses node:crypto when the host has it", () => {
    expect(nativeSha256()).toBeDefined();
    expect(createSha256()).not.toBeInstanceOf(Sha256);
  });

  it("gives the same hash either way, whole or in pieces", () => {
    const inputs: string[][] = [
      [],
      [""],
      ["abc"],
      ["a".repeat(55), "b", "c".repeat(64)],
      ["ж".repeat(70_000), "😀".repeat(20_000)],
      ["lone \ud800 and \udfff surrogates", '{"json":"\\u00e9"}'],
    ];
    for (const pieces of inputs) {
      expect(hashOf(nativeSha256()!, pieces)).toBe(hashOf(new Sha256(), pieces));
    }
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 200 }), { maxLength: 20 }), (pieces) => {
        expect(hashOf(nativeSha256()!, pieces)).toBe(hashOf(new Sha256(), pieces));
      }),
      { numRuns: 100 },
    );
  });

  it("hashes a whole text in one call as the pure-JavaScript hash does, lone surrogates included", () => {
    const texts = ["", "abc", "ж".repeat(70_000), "lone \ud800 and \udfff surrogates", "😀".repeat(20_000)];
    for (const text of texts) expect(wholeTextSha256(text)).toBe(sha256Hex(text));
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(wholeTextSha256(text)).toBe(sha256Hex(text));
      }),
      { numRuns: 100 },
    );
  });
});
