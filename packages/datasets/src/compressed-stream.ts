/**
 * Decompression of the containers R wraps serialized objects in: gzip/bzip2/xz
 * files (saveRDS, .rdx) and lazy-load database entries (R_decompress1/2/3 in
 * src/main/serialize.c: a 4-byte big-endian uncompressed length, then for
 * methods 2 and 3 a type byte — 'Z' raw LZMA2, '2' bzip2, '1' zlib, '0' stored —
 * then the data; method 1 has no type byte and is zlib).
 */
import { gunzipSync, inflateSync } from "node:zlib";
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { decodeLzma2 } from "./lzma2-decoder.js";

/** The largest decompressed object accepted, in bytes (1 GiB). */
export const MAX_DECOMPRESSED_BYTES = 2 ** 30;

/**
 * Returns the serialization stream inside a .rds/.rdx file: gunzipped when it
 * starts with gzip's magic, as-is when it starts with "X\n", unwrapped when it is a
 * 4-byte length followed by zlib data.
 * @throws DatasetError UNSUPPORTED for bzip2 or xz files; MALFORMED for corrupt data
 */
export function decompressRdsFile(bytes: Uint8Array, label = "file"): Uint8Array {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return run(label, 0, () => gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES }));
  }
  if (bytes[0] === 0x58 && bytes[1] === 0x0a) return bytes;
  if (bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) {
    throw new DatasetError(DatasetErrorCode.Unsupported, `${label} is bzip2-compressed, which is not supported`, { offset: 0 });
  }
  if (bytes[0] === 0xfd && bytes[1] === 0x37 && bytes[2] === 0x7a) {
    throw new DatasetError(DatasetErrorCode.Unsupported, `${label} is an xz file, which is not supported (raw LZMA2 lazy-load entries are)`, { offset: 0 });
  }
  if (bytes.length > 5 && bytes[4] === 0x78) return decompressLazyLoadEntry(bytes, 1, label);
  throw new DatasetError(DatasetErrorCode.Malformed, `${label} is neither gzip nor an R serialization stream (first bytes ${hex(bytes.subarray(0, 4))})`, { offset: 0 });
}

/**
 * Decompresses one lazy-load database entry.
 * @param method the index's `compressed` value: 0 none, 1 (TRUE) zlib, 2 bzip2-style, 3 xz-style
 * @throws DatasetError TRUNCATED for an entry shorter than its header; MALFORMED when
 *   the data is corrupt or its decompressed length differs from the header's;
 *   UNSUPPORTED for bzip2 entries or an unknown method/type byte
 */
export function decompressLazyLoadEntry(entry: Uint8Array, method: number, label = "entry"): Uint8Array {
  if (method === 0) return entry;
  if (entry.length < (method === 1 ? 4 : 5)) {
    throw new DatasetError(DatasetErrorCode.Truncated, `${label}: ${entry.length} bytes is shorter than the compressed entry header`, { offset: 0 });
  }
  const length = new DataView(entry.buffer, entry.byteOffset, entry.byteLength).getUint32(0, false);
  if (length > MAX_DECOMPRESSED_BYTES) {
    throw new DatasetError(DatasetErrorCode.Malformed, `${label}: declared length ${length} at offset 0 exceeds ${MAX_DECOMPRESSED_BYTES} bytes`, { offset: 0 });
  }
  let type = "1";
  let start = 4;
  if (method === 2 || method === 3) {
    type = String.fromCharCode(entry[4]!);
    start = 5;
  } else if (method !== 1) {
    throw new DatasetError(DatasetErrorCode.Unsupported, `${label}: compression method ${method} is not known`, { offset: 0 });
  }
  const data = entry.subarray(start);
  let out: Uint8Array;
  if (type === "1") out = run(label, start, () => inflateSync(data, { maxOutputLength: Math.max(length, 1) }));
  else if (type === "Z" && method === 3) out = decodeLzma2(data, length);
  else if (type === "0") out = data;
  else if (type === "2") throw new DatasetError(DatasetErrorCode.Unsupported, `${label}: bzip2-compressed entries (type '2' at offset 4) are not supported`, { offset: 4 });
  else throw new DatasetError(DatasetErrorCode.Unsupported, `${label}: compression type byte 0x${entry[4]!.toString(16)} at offset 4 is not known`, { offset: 4 });
  if (out.length !== length) {
    throw new DatasetError(DatasetErrorCode.Malformed, `${label}: decompressed to ${out.length} bytes but the header at offset 0 says ${length}`, { offset: 0 });
  }
  return out;
}

function run(label: string, offset: number, inflate: () => Buffer): Uint8Array {
  try {
    const out = inflate();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    throw new DatasetError(DatasetErrorCode.Malformed, `${label}: corrupt compressed data starting at offset ${offset} (${(cause as Error).message})`, { offset, cause });
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}
