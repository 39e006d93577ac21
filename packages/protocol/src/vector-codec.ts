import { fastCrc32 as crc32 } from "./fast-crc32.js";
import { ErrorCode, TributaryError } from "./error-codes.js";
import { HALF_MAX, decodeHalves, toHalfBits } from "./half-float.js";
import { DEFAULT_INT8_BLOCK_SIZE, decodeInt8Blocks, encodeInt8Blocks } from "./int8-blocks.js";
import { byteSwap16, byteSwap32, hostWords, littleEndianHost } from "./little-endian.js";
import { decodeTopK, encodeTopK } from "./top-k.js";

/** The four bytes every encoded vector starts with: "TRBV". */
export const VECTOR_MAGIC = 0x56425254; // "TRBV" read as little-endian u32
/** The codec format version this build writes and reads. */
export const VECTOR_FORMAT_VERSION = 1;
/** Size of the fixed header in bytes; the payload starts right after it. */
export const VECTOR_HEADER_BYTES = 64;

/**
 * Element encodings of the payload. Numbers are wire values: never reuse one.
 * - f32: 4 bytes per element, lossless.
 * - f16: IEEE binary16, 2 bytes per element (round to nearest even).
 * - i8: int8 with one f32 scale per block of coordinates (see int8-blocks.ts).
 * - topk: only the k largest-magnitude elements, as u32 index + f32 value pairs (see top-k.ts).
 */
export const Dtype = { f32: 1, f16: 2, i8: 3, topk: 4 } as const;
export type DtypeName = keyof typeof Dtype;

/** What the vector holds: full parameters θ, or a delta Δ = θ_local − θ_base. */
export const VectorKind = { params: 0, delta: 1 } as const;
export type VectorKindName = keyof typeof VectorKind;

/** A decoded vector with its header fields. */
export interface EncodedVectorHeader {
  readonly kind: VectorKindName;
  readonly dtype: DtypeName;
  /** Lower-case hex SHA-256 of the parameter spec the vector follows. */
  readonly specHash: string;
  /** The model version the vector is relative to (0 when none). */
  readonly baseVersion: number;
  /** Number of elements. */
  readonly length: number;
}

export interface DecodedVector extends EncodedVectorHeader {
  readonly values: Float32Array;
}

/** How {@link encodeVector} writes a vector. */
export interface VectorEncodeOptions {
  readonly kind: VectorKindName;
  readonly specHash: string;
  readonly baseVersion: number;
  /** Element encoding; f32 when left out. */
  readonly dtype?: DtypeName;
  /** For dtype "i8": coordinates per scale (default 256). */
  readonly blockSize?: number;
  /** For dtype "topk": how many elements to keep (default 1% of the length, at least 1). */
  readonly topK?: number;
}

/** What a decoder must check beyond the format itself; any field left out is not checked. */
export interface VectorExpectation {
  readonly specHash?: string;
  readonly length?: number;
  readonly baseVersion?: number;
  readonly kind?: VectorKindName;
}

/**
 * Encodes a vector as: magic u32 | format u16 | dtype u8 | kind u8 | spec hash 32 B |
 * base version u64 | length u32 | payload bytes u32 | CRC-32 of payload u32 | reserved u32 |
 * payload (all little-endian). `length` is always the dense element count, whatever the dtype.
 * @throws TributaryError NON_FINITE for NaN/±Infinity (and, for f16, magnitudes beyond 65504),
 *   since such a vector could never be decoded
 */
export function encodeVector(values: Float32Array, header: VectorEncodeOptions): Uint8Array {
  assertFinite(values);
  if (!/^[0-9a-f]{64}$/.test(header.specHash)) throw new Error(`spec hash must be 64 hex characters, got "${header.specHash}"`);
  if (!Number.isSafeInteger(header.baseVersion) || header.baseVersion < 0) throw new Error(`bad base version ${header.baseVersion}`);
  const dtype = header.dtype ?? "f32";
  const payload = encodePayload(values, dtype, header);
  const out = new Uint8Array(VECTOR_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, VECTOR_MAGIC, true);
  view.setUint16(4, VECTOR_FORMAT_VERSION, true);
  view.setUint8(6, Dtype[dtype]);
  view.setUint8(7, VectorKind[header.kind]);
  out.set(Buffer.from(header.specHash, "hex"), 8);
  view.setBigUint64(40, BigInt(header.baseVersion), true);
  view.setUint32(48, values.length, true);
  view.setUint32(52, payload.length, true);
  out.set(payload, VECTOR_HEADER_BYTES);
  view.setUint32(56, crc32(payload), true);
  return out;
}

function encodePayload(values: Float32Array, dtype: DtypeName, options: VectorEncodeOptions): Uint8Array {
  switch (dtype) {
    case "f32": {
      const bytes = new Uint8Array(values.length * 4);
      new Float32Array(bytes.buffer).set(values);
      if (!littleEndianHost) byteSwap32(bytes);
      return bytes;
    }
    case "f16": {
      const halves = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const bits = toHalfBits(values[i]!);
        if ((bits & 0x7c00) === 0x7c00) fail(ErrorCode.NonFinite, `element ${i} (${values[i]}) exceeds the fp16 range ±${HALF_MAX}`);
        halves[i] = bits;
      }
      const bytes = new Uint8Array(halves.buffer);
      if (!littleEndianHost) byteSwap16(bytes);
      return bytes;
    }
    case "i8":
      return encodeInt8Blocks(values, options.blockSize ?? DEFAULT_INT8_BLOCK_SIZE);
    case "topk":
      return encodeTopK(values, options.topK ?? Math.max(1, Math.ceil(values.length / 100)));
  }
}

/**
 * Reads only the header, validating magic, format version, dtype and kind.
 * @throws TributaryError BAD_MAGIC | UNSUPPORTED_FORMAT_VERSION | UNKNOWN_DTYPE | TRUNCATED
 */
export function readVectorHeader(bytes: Uint8Array): EncodedVectorHeader {
  if (bytes.length < VECTOR_HEADER_BYTES) {
    fail(ErrorCode.Truncated, `vector is ${bytes.length} bytes, shorter than its ${VECTOR_HEADER_BYTES}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== VECTOR_MAGIC) fail(ErrorCode.BadMagic, "not a Tributary vector (bad magic)");
  const format = view.getUint16(4, true);
  if (format !== VECTOR_FORMAT_VERSION) {
    fail(ErrorCode.UnsupportedFormatVersion, `vector format version ${format} is not supported (this build reads ${VECTOR_FORMAT_VERSION})`);
  }
  const dtypeCode = view.getUint8(6);
  const dtype = (Object.keys(Dtype) as DtypeName[]).find((k) => Dtype[k] === dtypeCode);
  if (!dtype) fail(ErrorCode.UnknownDtype, `unknown dtype code ${dtypeCode}`);
  const kindCode = view.getUint8(7);
  const kind = (Object.keys(VectorKind) as VectorKindName[]).find((k) => VectorKind[k] === kindCode);
  if (!kind) fail(ErrorCode.BadRequest, `unknown vector kind code ${kindCode}`);
  const base = view.getBigUint64(40, true);
  if (base > BigInt(Number.MAX_SAFE_INTEGER)) fail(ErrorCode.BadRequest, `base version ${base} is out of range`);
  return {
    kind,
    dtype,
    specHash: Buffer.from(bytes.subarray(8, 40)).toString("hex"),
    baseVersion: Number(base),
    length: view.getUint32(48, true),
  };
}

/**
 * Decodes and validates a vector: format, exact size, checksum, finiteness,
 * then the caller's expectations (spec hash, length, base version, kind).
 * Never returns a partially valid vector.
 * @throws TributaryError with the code of the first check that failed
 */
export function decodeVector(bytes: Uint8Array, expect: VectorExpectation = {}): DecodedVector {
  const { header, payload } = validate(bytes, expect);
  const values = new Float32Array(header.length);
  decodePayload(payload, header, values);
  return { ...header, values };
}

/**
 * Like {@link decodeVector}, but writes the values into `target` (e.g. memory a
 * compute backend sums without copying) instead of a new array, so a server
 * that decodes one delta after another produces no model-sized garbage.
 * Everything is validated as by decodeVector; when the values themselves fail
 * (a NaN, a bad top-k index) `target` may be partly overwritten.
 * @returns the header fields
 * @throws TributaryError as decodeVector; LENGTH_MISMATCH when target's length is not the vector's
 */
export function decodeVectorInto(bytes: Uint8Array, target: Float32Array, expect: VectorExpectation = {}): EncodedVectorHeader {
  const { header, payload } = validate(bytes, { ...expect, length: expect.length ?? target.length });
  if (target.length !== header.length) fail(ErrorCode.LengthMismatch, `target has ${target.length} elements, the vector ${header.length}`);
  decodePayload(payload, header, target);
  return header;
}

/**
 * Validates an encoded vector as {@link decodeVector} does before it decodes
 * anything (format, exact size, checksum, then the caller's expectations) and
 * returns the header with a view of the payload bytes (no copy). The payload's
 * own structure and the finiteness of its values are not checked here; see
 * openEncodedVector (encoded-vector-reader.ts), which checks them too.
 * @throws TributaryError with the code of the first check that failed
 */
export function checkEncodedVector(bytes: Uint8Array, expect: VectorExpectation = {}): { header: EncodedVectorHeader; payload: Uint8Array } {
  return validate(bytes, expect);
}

/** Checks format, size, checksum and expectations; returns the header and the payload bytes. */
function validate(bytes: Uint8Array, expect: VectorExpectation): { header: EncodedVectorHeader; payload: Uint8Array } {
  const header = readVectorHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloadBytes = view.getUint32(52, true);
  const fixedWidth = header.dtype === "f32" ? 4 : header.dtype === "f16" ? 2 : 0;
  if (fixedWidth > 0 && payloadBytes !== header.length * fixedWidth) {
    fail(
      ErrorCode.LengthMismatch,
      `payload is ${payloadBytes} bytes but ${header.length} ${header.dtype} elements need ${header.length * fixedWidth}`,
    );
  }
  if (bytes.length !== VECTOR_HEADER_BYTES + payloadBytes) {
    fail(ErrorCode.Truncated, `vector is ${bytes.length} bytes, header says ${VECTOR_HEADER_BYTES + payloadBytes}`);
  }
  const payload = bytes.subarray(VECTOR_HEADER_BYTES);
  const sum = crc32(payload);
  if (sum !== view.getUint32(56, true)) fail(ErrorCode.ChecksumMismatch, "vector checksum does not match its payload");
  if (expect.specHash !== undefined && expect.specHash !== header.specHash) {
    fail(ErrorCode.SpecHashMismatch, `vector follows spec ${header.specHash.slice(0, 12)}…, expected ${expect.specHash.slice(0, 12)}…`);
  }
  if (expect.length !== undefined && expect.length !== header.length) {
    fail(ErrorCode.LengthMismatch, `vector has ${header.length} elements, expected ${expect.length}`);
  }
  if (expect.baseVersion !== undefined && expect.baseVersion !== header.baseVersion) {
    fail(ErrorCode.BaseVersionMismatch, `vector is relative to version ${header.baseVersion}, expected ${expect.baseVersion}`);
  }
  if (expect.kind !== undefined && expect.kind !== header.kind) {
    fail(ErrorCode.BadRequest, `expected a ${expect.kind} vector, got a ${header.kind} vector`);
  }
  return { header, payload };
}

/** Writes the decoded payload into `out` (header.length elements), then checks finiteness. */
function decodePayload(payload: Uint8Array, header: EncodedVectorHeader, out: Float32Array): void {
  switch (header.dtype) {
    case "f32":
      // A byte copy: the input's offset need not be a multiple of 4.
      new Uint8Array(out.buffer, out.byteOffset, header.length * 4).set(payload);
      if (!littleEndianHost) byteSwap32(new Uint8Array(out.buffer, out.byteOffset, header.length * 4));
      break;
    case "f16": {
      const words = hostWords(payload, 2);
      decodeHalves(new Uint16Array(words.buffer, words.byteOffset, header.length), out);
      break;
    }
    case "i8":
      decodeInt8Blocks(payload, header.length, out);
      break;
    case "topk":
      decodeTopK(payload, header.length, out);
      break;
  }
  assertFinite(out);
}

function assertFinite(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail(ErrorCode.NonFinite, `element ${i} is ${values[i]}`);
  }
}

function fail(code: ErrorCode, message: string): never {
  throw new TributaryError(code, message);
}
