/**
 * Decoder for raw LZMA2 streams (the xz file format's LZMA2 filter, Tukaani
 * "The .xz File Format" §5.3.1 and liblzma lzma2_decoder.c), as R writes them in
 * lazy-load databases compressed with type 'Z' (xz). A stream is a sequence of
 * chunks, each starting with a control byte:
 *   0x00 end · 0x01 uncompressed, dictionary reset · 0x02 uncompressed ·
 *   0x80–0xFF LZMA, bits 5–6 say what is reset (nothing / state / state+properties /
 *   everything) and bits 0–4 are bits 16–20 of the uncompressed size − 1.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { LzmaDecoder, parseLzmaProperties } from "./lzma-decoder.js";

/**
 * Decompresses a raw LZMA2 stream whose decompressed size is known in advance.
 * @param expectedLength the exact number of bytes the stream must produce
 * @returns exactly `expectedLength` bytes
 * @throws DatasetError TRUNCATED when the input ends early; MALFORMED for a bad
 *   control byte, a missing dictionary reset or properties, corrupt LZMA data, or
 *   output that is longer or shorter than `expectedLength`
 */
export function decodeLzma2(input: Uint8Array, expectedLength: number): Uint8Array {
  const out = new Uint8Array(expectedLength);
  const lzma = new LzmaDecoder(out);
  let inPos = 0;
  let outPos = 0;
  let dictStart = 0;
  let needDictReset = true;
  let needProperties = true;
  const need = (count: number, what: string): void => {
    if (inPos + count > input.length) {
      throw new DatasetError(DatasetErrorCode.Truncated, `LZMA2 ${what} at offset ${inPos} needs ${count} bytes but ${input.length - inPos} remain`, { offset: inPos });
    }
  };
  const malformed = (why: string, offset: number): DatasetError =>
    new DatasetError(DatasetErrorCode.Malformed, `LZMA2 ${why} at offset ${offset}`, { offset });

  for (;;) {
    need(1, "control byte");
    const chunkAt = inPos;
    const control = input[inPos++]!;
    if (control === 0x00) break;
    if (control === 0x01 || control >= 0xe0) {
      needDictReset = false;
      dictStart = outPos;
      if (control === 0x01) needProperties = true;
    } else if (needDictReset) {
      throw malformed(`chunk (control 0x${control.toString(16)}) without the dictionary reset the stream must start with`, chunkAt);
    }
    if (control >= 0x80) {
      need(4, "chunk header");
      const size = ((control & 0x1f) << 16) + (input[inPos]! << 8) + input[inPos + 1]! + 1;
      const packed = (input[inPos + 2]! << 8) + input[inPos + 3]! + 1;
      inPos += 4;
      const reset = control >>> 5;
      if (reset >= 6) {
        need(1, "properties byte");
        lzma.setProperties(parseLzmaProperties(input[inPos]!, inPos));
        inPos++;
        needProperties = false;
      } else if (needProperties) {
        throw malformed(`chunk (control 0x${control.toString(16)}) without the properties it needs`, chunkAt);
      } else if (reset === 5) {
        lzma.resetState();
      }
      need(packed, "compressed chunk");
      if (outPos + size > expectedLength) throw malformed(`chunk of ${size} bytes would make the output longer than the expected ${expectedLength} bytes; chunk`, chunkAt);
      lzma.decodeChunk({ input, start: inPos, end: inPos + packed, pos: outPos, size, dictStart });
      inPos += packed;
      outPos += size;
    } else if (control <= 0x02) {
      need(2, "chunk header");
      const size = (input[inPos]! << 8) + input[inPos + 1]! + 1;
      inPos += 2;
      need(size, "uncompressed chunk");
      if (outPos + size > expectedLength) throw malformed(`chunk of ${size} bytes would make the output longer than the expected ${expectedLength} bytes; chunk`, chunkAt);
      out.set(input.subarray(inPos, inPos + size), outPos);
      inPos += size;
      outPos += size;
    } else {
      throw malformed(`invalid control byte 0x${control.toString(16)}`, chunkAt);
    }
  }
  if (outPos !== expectedLength) {
    throw malformed(`stream ended after ${outPos} of the expected ${expectedLength} bytes, end marker`, inPos - 1);
  }
  return out;
}
