import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import type { XdrReader } from "./xdr-reader.js";

/** What the stream header says. Versions are R versions as "major.minor.patch". */
export interface RSerializationHeader {
  readonly version: 2 | 3;
  readonly writerVersion: string;
  readonly minReaderVersion: string;
  /** The writer's native encoding (version 3 only), e.g. "UTF-8"; null for version 2. */
  readonly nativeEncoding: string | null;
}

/**
 * Reads the stream header: "X\n", the format version (2 or 3), the writer's and the
 * minimal reader's R versions and, for version 3, the native encoding's name.
 * @throws DatasetError UNSUPPORTED for ascii ("A\n") or native binary ("B\n")
 *   streams and other versions; MALFORMED for other leading bytes; TRUNCATED
 */
export function readRSerializationHeader(reader: XdrReader): RSerializationHeader {
  const magic = reader.bytesView(2, "format header");
  const format = String.fromCharCode(magic[0]!, magic[1]!);
  if (format === "A\n" || format === "B\n") {
    throw new DatasetError(DatasetErrorCode.Unsupported, `R serialization format ${JSON.stringify(format)} at offset 0 is not supported (only XDR "X\\n")`, { offset: 0 });
  }
  if (format !== "X\n") {
    throw new DatasetError(DatasetErrorCode.Malformed, `not an R XDR serialization stream: header bytes ${JSON.stringify(format)} at offset 0`, { offset: 0 });
  }
  const at = reader.offset;
  const version = reader.int32("format version");
  if (version !== 2 && version !== 3) {
    throw new DatasetError(DatasetErrorCode.Unsupported, `R serialization format version ${version} at offset ${at} is not supported (2 or 3)`, { offset: at });
  }
  const writerVersion = rVersion(reader.int32("writer version"));
  const minReaderVersion = rVersion(reader.int32("minimal reader version"));
  let nativeEncoding: string | null = null;
  if (version === 3) {
    const lengthAt = reader.offset;
    const length = reader.int32("native encoding length");
    if (length < 0 || length > 255) {
      throw new DatasetError(DatasetErrorCode.Malformed, `native encoding length ${length} at offset ${lengthAt} is out of range`, { offset: lengthAt });
    }
    nativeEncoding = new TextDecoder("latin1").decode(reader.bytesView(length, "native encoding"));
  }
  return { version, writerVersion, minReaderVersion, nativeEncoding };
}

function rVersion(packed: number): string {
  return `${Math.floor(packed / 65536)}.${Math.floor(packed / 256) % 256}.${packed % 256}`;
}
