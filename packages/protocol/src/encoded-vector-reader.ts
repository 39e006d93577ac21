/**
 * Reading an encoded vector a range of elements at a time, so a server can
 * decode a delta and add it to a running sum in one pass, without a
 * model-sized decoded copy (aggregation's `acceptEncoded`).
 *
 * Everything {@link decodeVector} checks is checked when the reader is opened:
 * format, exact size, checksum, expectations, the payload's structure and the
 * finiteness of every element it decodes to. Reading a range afterwards cannot
 * fail, so a caller that accumulates range by range never has a partial sum to
 * undo. The reader keeps a view of `bytes`: they must not change while it is used.
 */
import { ErrorCode, TributaryError } from "./error-codes.js";
import { decodeHalves } from "./half-float.js";
import { int8PayloadBytes } from "./int8-blocks.js";
import { byteSwap32, hostWords, littleEndianHost } from "./little-endian.js";
import { type EncodedVectorHeader, type VectorExpectation, checkEncodedVector } from "./vector-codec.js";

/** Elements decoded per step while opening (the finiteness check): 256 KB of float32. */
const CHECK_CHUNK = 65_536;

/** A validated encoded vector, decoded on demand. */
export interface EncodedVectorReader {
  readonly header: EncodedVectorHeader;
  /**
   * Writes elements [start, start + out.length) into `out`, exactly as
   * decodeVector would have decoded them.
   * @throws RangeError when the range does not lie within the vector (a caller bug, not bad input)
   */
  read(start: number, out: Float32Array): void;
}

let checkScratch: Float32Array | null = null;

type RangeDecoder = (start: number, out: Float32Array) => void;

/**
 * Validates `bytes` completely (see the file comment) and returns a reader over them.
 * Allocates only small buffers (a check chunk) where the host reads the payload's
 * words in place (little-endian, aligned: the usual case); otherwise an f16
 * payload, i8 scales or top-k pairs are copied once.
 * @throws TributaryError with the code decodeVector would throw for the same bytes and expectations
 */
export function openEncodedVector(bytes: Uint8Array, expect: VectorExpectation = {}): EncodedVectorReader {
  const { header, payload } = checkEncodedVector(bytes, expect);
  const decode = rangeDecoder(payload, header);
  const length = header.length;
  const read: RangeDecoder = (start, out) => {
    if (!Number.isInteger(start) || start < 0 || start + out.length > length) {
      throw new RangeError(`range [${start}, ${start + out.length}) is outside a vector of ${length} elements`);
    }
    decode(start, out);
  };
  if (header.dtype === "f32" && littleEndianHost && payload.byteOffset % 4 === 0) {
    // The common case: check the exponent bits where they lie, without decoding.
    const words = new Uint32Array(payload.buffer, payload.byteOffset, length);
    for (let i = 0; i < length; i++) {
      if ((words[i]! & 0x7f800000) === 0x7f800000) {
        const value = new Float32Array(payload.buffer, payload.byteOffset, length)[i];
        throw new TributaryError(ErrorCode.NonFinite, `element ${i} is ${value}`);
      }
    }
    return { header, read };
  }
  // One scratch chunk for the whole process (the check is synchronous): a server
  // opening update after update leaves no garbage behind.
  checkScratch ??= new Float32Array(CHECK_CHUNK);
  const scratch = checkScratch;
  for (let start = 0; start < length; start += scratch.length) {
    const chunk = length - start >= scratch.length ? scratch : scratch.subarray(0, length - start);
    decode(start, chunk);
    for (let i = 0; i < chunk.length; i++) {
      if (!Number.isFinite(chunk[i])) throw new TributaryError(ErrorCode.NonFinite, `element ${start + i} is ${chunk[i]}`);
    }
  }
  return { header, read };
}

/** Checks the payload's dtype-specific structure and returns its range decoder. */
function rangeDecoder(payload: Uint8Array, header: EncodedVectorHeader): RangeDecoder {
  switch (header.dtype) {
    case "f32": {
      // Aligned on a little-endian host (the usual case): one view object per read, not two.
      const values = littleEndianHost && payload.byteOffset % 4 === 0 ? new Float32Array(payload.buffer, payload.byteOffset, header.length) : null;
      return (start, out) => {
        if (values) {
          out.set(values.subarray(start, start + out.length));
          return;
        }
        const target = new Uint8Array(out.buffer, out.byteOffset, out.length * 4);
        target.set(payload.subarray(start * 4, (start + out.length) * 4));
        if (!littleEndianHost) byteSwap32(target);
      };
    }
    case "f16": {
      // One view for every read, which then allocates nothing (reads run per chunk of every update).
      const words = hostWords(payload, 2);
      const halves = new Uint16Array(words.buffer, words.byteOffset, header.length);
      return (start, out) => decodeHalves(halves, out, start);
    }
    case "i8":
      return int8RangeDecoder(payload, header.length);
    case "topk":
      return topKRangeDecoder(payload, header.length);
  }
}

/** The checks of decodeInt8Blocks (int8-blocks.ts), then a decoder over [start, end). */
function int8RangeDecoder(payload: Uint8Array, length: number): RangeDecoder {
  if (payload.length < 4) throw new TributaryError(ErrorCode.LengthMismatch, "int8 payload is shorter than its block-size field");
  const blockSize = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0, true);
  if (blockSize < 1) throw new TributaryError(ErrorCode.LengthMismatch, "int8 block size is 0");
  const expected = int8PayloadBytes(length, blockSize);
  if (payload.length !== expected) {
    throw new TributaryError(ErrorCode.LengthMismatch, `int8 payload is ${payload.length} bytes, ${length} elements in blocks of ${blockSize} need ${expected}`);
  }
  const blocks = Math.ceil(length / blockSize);
  const scaleWords = hostWords(payload.subarray(4, 4 + blocks * 4), 4);
  const scales = new Float32Array(scaleWords.buffer, scaleWords.byteOffset, blocks);
  for (let b = 0; b < blocks; b++) {
    const scale = scales[b]!;
    if (!(scale >= 0) || scale === Number.POSITIVE_INFINITY) throw new TributaryError(ErrorCode.NonFinite, `int8 block ${b} has scale ${scale}`);
  }
  const q = new Int8Array(payload.buffer, payload.byteOffset + 4 + blocks * 4, length);
  return (start, out) => {
    const end = start + out.length;
    for (let b = Math.floor(start / blockSize); b * blockSize < end; b++) {
      const scale = scales[b]!;
      const to = Math.min((b + 1) * blockSize, end);
      for (let i = Math.max(b * blockSize, start); i < to; i++) out[i - start] = q[i]! * scale;
    }
  };
}

/** The checks of decodeTopK (top-k.ts), then a decoder over [start, end) by binary search on the indices. */
function topKRangeDecoder(payload: Uint8Array, length: number): RangeDecoder {
  if (payload.length % 8 !== 0 || payload.length / 8 > length) {
    throw new TributaryError(ErrorCode.LengthMismatch, `top-k payload of ${payload.length} bytes is not at most ${length} index/value pairs`);
  }
  const nnz = payload.length / 8;
  const words = hostWords(payload, 4);
  const idx = new Uint32Array(words.buffer, words.byteOffset, nnz);
  const vals = new Float32Array(words.buffer, words.byteOffset + nnz * 4, nnz);
  let previous = -1;
  for (let j = 0; j < nnz; j++) {
    const i = idx[j]!;
    if (i <= previous || i >= length) throw new TributaryError(ErrorCode.BadRequest, `top-k index ${i} at position ${j} is out of range or not increasing`);
    if (!Number.isFinite(vals[j])) throw new TributaryError(ErrorCode.NonFinite, `top-k element ${i} is ${vals[j]}`);
    previous = i;
  }
  return (start, out) => {
    out.fill(0);
    let lo = 0;
    let hi = nnz;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (idx[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    const end = start + out.length;
    for (let j = lo; j < nnz && idx[j]! < end; j++) out[idx[j]! - start] = vals[j]!;
  };
}
