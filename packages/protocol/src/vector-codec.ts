import { crc32 } from "./crc32.js";
import { ErrorCode, TributaryError } from "./error-codes.js";

/** The four bytes every encoded vector starts with: "TRBV". */
export const VECTOR_MAGIC = 0x56425254; // "TRBV" read as little-endian u32
/** The codec format version this build writes and reads. */
export const VECTOR_FORMAT_VERSION = 1;
/** Size of the fixed header in bytes; the payload starts right after it. */
export const VECTOR_HEADER_BYTES = 64;

/** Element encodings of the payload. Numbers are wire values: never reuse one. */
export const Dtype = { f32: 1 } as const;
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
 * payload (all little-endian).
 * @throws TributaryError NON_FINITE for NaN/±Infinity, since such a vector could never be decoded
 */
export function encodeVector(
  values: Float32Array,
  header: { kind: VectorKindName; specHash: string; baseVersion: number; dtype?: DtypeName },
): Uint8Array {
  assertFinite(values);
  if (!/^[0-9a-f]{64}$/.test(header.specHash)) throw new Error(`spec hash must be 64 hex characters, got "${header.specHash}"`);
  if (!Number.isSafeInteger(header.baseVersion) || header.baseVersion < 0) throw new Error(`bad base version ${header.baseVersion}`);
  const dtype = header.dtype ?? "f32";
  const payloadBytes = values.length * 4;
  const out = new Uint8Array(VECTOR_HEADER_BYTES + payloadBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, VECTOR_MAGIC, true);
  view.setUint16(4, VECTOR_FORMAT_VERSION, true);
  view.setUint8(6, Dtype[dtype]);
  view.setUint8(7, VectorKind[header.kind]);
  out.set(Buffer.from(header.specHash, "hex"), 8);
  view.setBigUint64(40, BigInt(header.baseVersion), true);
  view.setUint32(48, values.length, true);
  view.setUint32(52, payloadBytes, true);
  const payload = out.subarray(VECTOR_HEADER_BYTES);
  const f32 = new Float32Array(out.buffer, VECTOR_HEADER_BYTES, values.length);
  f32.set(values);
  if (!littleEndianHost) byteSwap32(payload);
  view.setUint32(56, crc32(payload), true);
  return out;
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
  const header = readVectorHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloadBytes = view.getUint32(52, true);
  if (payloadBytes !== header.length * 4) {
    fail(ErrorCode.LengthMismatch, `payload is ${payloadBytes} bytes but ${header.length} f32 elements need ${header.length * 4}`);
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
  // Copy into a fresh, aligned buffer: the input's offset need not be a multiple of 4.
  const copy = new Uint8Array(payloadBytes);
  copy.set(payload);
  if (!littleEndianHost) byteSwap32(copy);
  const values = new Float32Array(copy.buffer);
  assertFinite(values);
  return { ...header, values };
}

function assertFinite(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail(ErrorCode.NonFinite, `element ${i} is ${values[i]}`);
  }
}

function fail(code: ErrorCode, message: string): never {
  throw new TributaryError(code, message);
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function byteSwap32(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}
