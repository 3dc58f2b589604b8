import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hex, hmacSha256, sha256 } from "../../../../agent/ocf/sha256.ts";

// The agent's SHA-256 and HMAC (agent/ocf/sha256.ts) against node:crypto's: FIPS 180-4's and RFC 4231's vectors,
// every length around the 64-byte blocks' edges, and keys shorter and longer than a block.

/** Bytes 0, 1, 2, … of length `n`, varied by `seed`. */
const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 0xff);

describe("sha256", () => {
  it("FIPS 180-4's examples", () => {
    expect(hex(sha256("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("every length from 0 to 300 bytes, and a text with multi-byte characters, as node:crypto", () => {
    for (let n = 0; n <= 300; n++)
      expect(hex(sha256(bytes(n))), `length ${n}`).toBe(createHash("sha256").update(bytes(n)).digest("hex"));
    const text = "Action=DescribeAddresses&名前=é😀";
    expect(hex(sha256(text))).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  });
});

describe("hmacSha256", () => {
  it("RFC 4231's test case 2", () => {
    expect(hex(hmacSha256("Jefe", "what do ya want for nothing?"))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("keys of 0 to 150 bytes (longer than a block: hashed first) and data of several lengths, as node:crypto", () => {
    for (let k = 0; k <= 150; k += 7)
      for (const n of [0, 1, 55, 64, 200])
        expect(hex(hmacSha256(bytes(k, 3), bytes(n))), `key ${k}, data ${n}`).toBe(
          createHmac("sha256", bytes(k, 3)).update(bytes(n)).digest("hex"),
        );
  });
});
