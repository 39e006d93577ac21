import { describe, expect, it } from "vitest";
import { DatasetErrorCode, isDatasetError } from "./dataset-error.js";
import { decodeLzma2 } from "./lzma2-decoder.js";
import { lzmaFixtureInput, lzmaFixtures } from "./testing/lzma2-fixtures.js";

const fixture = (name: keyof typeof lzmaFixtures): Uint8Array => new Uint8Array(Buffer.from(lzmaFixtures[name], "base64"));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (!isDatasetError(error)) throw error;
    return error.code;
  }
  return undefined;
}

describe("decodeLzma2", () => {
  it.each(["text", "stored", "twoChunks", "resetMidStream"] as const)("decodes liblzma's %s stream exactly", (name) => {
    const expected = lzmaFixtureInput(name);
    const out = decodeLzma2(fixture(name), expected.length);
    expect(out.length).toBe(expected.length);
    expect(Buffer.from(out).equals(Buffer.from(expected))).toBe(true);
  });

  it("refuses a stream that produces fewer or more bytes than expected", () => {
    const input = fixture("text");
    const length = lzmaFixtureInput("text").length;
    expect(codeOf(() => decodeLzma2(input, length + 1))).toBe(DatasetErrorCode.Malformed);
    expect(codeOf(() => decodeLzma2(input, length - 1))).toBe(DatasetErrorCode.Malformed);
  });

  it("reports truncation with the offset for every cut of a valid stream", () => {
    const input = fixture("text");
    const length = lzmaFixtureInput("text").length;
    for (const cut of [0, 1, 3, 6, 20, input.length >> 1, input.length - 1]) {
      expect(() => decodeLzma2(input.subarray(0, cut), length)).toThrow(/^LZMA2 .* at offset \d+ needs \d+ bytes/);
      expect(codeOf(() => decodeLzma2(input.subarray(0, cut), length))).toBe(DatasetErrorCode.Truncated);
    }
  });

  it("rejects a first chunk without a dictionary reset and invalid control bytes", () => {
    expect(() => decodeLzma2(new Uint8Array([0x02, 0x00, 0x00, 0x41, 0x00]), 1)).toThrow(/dictionary reset.*offset 0/);
    expect(() => decodeLzma2(new Uint8Array([0x01, 0x00, 0x00, 0x41, 0x33]), 1)).toThrow(/invalid control byte 0x33 at offset 4/);
    expect(() => decodeLzma2(new Uint8Array([0x01, 0x00, 0x00, 0x41, 0x80, 0, 0, 0, 4, 0, 0, 0, 0, 0]), 2)).toThrow(/without the properties/);
  });

  it("rejects bad LZMA properties", () => {
    const bad = new Uint8Array([0xe0, 0x00, 0x00, 0x00, 0x04, 225, 0, 0, 0, 0, 0, 0]);
    expect(() => decodeLzma2(bad, 1)).toThrow(/properties byte 225 at offset 5/);
  });

  it("fails (never hangs or throws a foreign error) on corrupted streams", () => {
    const input = fixture("text");
    const length = lzmaFixtureInput("text").length;
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      const copy = input.slice();
      const at = 6 + ((i * 7919) % (copy.length - 6));
      copy[at] = copy[at]! ^ (1 + (i % 255));
      const code = codeOf(() => decodeLzma2(copy, length));
      if (code !== undefined) failures++;
    }
    expect(failures).toBeGreaterThan(150);
  });
});
