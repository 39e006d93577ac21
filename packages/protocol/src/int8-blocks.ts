/**
 * Int8 quantization with one scale per block of coordinates (as in the
 * "blockwise" quantizers of Dettmers et al., 2022, "8-bit Optimizers via
 * Block-wise Quantization"): a block's scale is its largest magnitude / 127, so
 * one outlier costs precision only within its block.
 *
 * Payload: u32 block size | f32 scale per block | i8 value per element (little-endian).
 */
import { ErrorCode, TributaryError } from "./error-codes.js";
import { byteSwap32, hostWords, littleEndianHost } from "./little-endian.js";

/** Coordinates per scale when the caller does not choose. */
export const DEFAULT_INT8_BLOCK_SIZE = 256;

/** Bytes an int8 payload takes for `length` elements in blocks of `blockSize`. */
export function int8PayloadBytes(length: number, blockSize: number): number {
  return 4 + Math.ceil(length / blockSize) * 4 + length;
}

/**
 * Quantizes `values` (finite) to int8 with per-block scales.
 * @throws Error when blockSize is not an integer in [1, 2^24]
 */
export function encodeInt8Blocks(values: Float32Array, blockSize = DEFAULT_INT8_BLOCK_SIZE): Uint8Array {
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 2 ** 24) throw new Error(`bad int8 block size ${blockSize}`);
  const blocks = Math.ceil(values.length / blockSize);
  const out = new Uint8Array(int8PayloadBytes(values.length, blockSize));
  new DataView(out.buffer).setUint32(0, blockSize, true);
  const scales = new Float32Array(blocks);
  const q = new Int8Array(out.buffer, 4 + blocks * 4, values.length);
  for (let b = 0; b < blocks; b++) {
    const start = b * blockSize;
    const end = Math.min(start + blockSize, values.length);
    let maxAbs = 0;
    for (let i = start; i < end; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
    // Stored as f32, so the quantizer uses the f32-rounded scale the decoder will see.
    const scale = Math.fround(maxAbs / 127);
    scales[b] = scale;
    if (scale === 0) continue;
    const inv = 1 / scale;
    for (let i = start; i < end; i++) q[i] = Math.max(-127, Math.min(127, Math.round(values[i]! * inv)));
  }
  const scaleBytes = new Uint8Array(scales.buffer);
  if (!littleEndianHost) byteSwap32(scaleBytes);
  out.set(scaleBytes, 4);
  return out;
}

/**
 * Dequantizes an int8 payload of `length` elements (into `out` when given).
 * @throws TributaryError LENGTH_MISMATCH when the payload's size disagrees with length and block size;
 *   NON_FINITE when a scale is negative, NaN or infinite
 */
export function decodeInt8Blocks(payload: Uint8Array, length: number, out: Float32Array = new Float32Array(length)): Float32Array {
  if (payload.length < 4) throw new TributaryError(ErrorCode.LengthMismatch, "int8 payload is shorter than its block-size field");
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const blockSize = view.getUint32(0, true);
  if (blockSize < 1) throw new TributaryError(ErrorCode.LengthMismatch, "int8 block size is 0");
  const expected = int8PayloadBytes(length, blockSize);
  if (payload.length !== expected) {
    throw new TributaryError(ErrorCode.LengthMismatch, `int8 payload is ${payload.length} bytes, ${length} elements in blocks of ${blockSize} need ${expected}`);
  }
  const blocks = Math.ceil(length / blockSize);
  const scaleWords = hostWords(payload.subarray(4, 4 + blocks * 4), 4);
  const scales = new Float32Array(scaleWords.buffer, scaleWords.byteOffset, blocks);
  const q = new Int8Array(payload.buffer, payload.byteOffset + 4 + blocks * 4, length);
  for (let b = 0; b < blocks; b++) {
    const scale = scales[b]!;
    if (!(scale >= 0) || scale === Number.POSITIVE_INFINITY) {
      throw new TributaryError(ErrorCode.NonFinite, `int8 block ${b} has scale ${scale}`);
    }
    const end = Math.min((b + 1) * blockSize, length);
    for (let i = b * blockSize; i < end; i++) out[i] = q[i]! * scale;
  }
  return out;
}
