import { DatasetError, DatasetErrorCode } from "./dataset-error.js";

/**
 * A bounds-checked cursor over big-endian (XDR, RFC 4506) bytes. Every read
 * checks the remaining length first and throws DatasetError TRUNCATED naming
 * the offset, so a corrupt length can never read past the end or loop.
 */
export class XdrReader {
  private readonly view: DataView;
  private position = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The offset of the next unread byte. */
  get offset(): number {
    return this.position;
  }

  /** How many bytes are left. */
  get remaining(): number {
    return this.bytes.byteLength - this.position;
  }

  /**
   * Throws TRUNCATED unless `count` more bytes are available.
   * @param what names the field in the error message
   */
  require(count: number, what: string): void {
    if (!Number.isSafeInteger(count) || count < 0 || count > this.remaining) {
      throw new DatasetError(
        DatasetErrorCode.Truncated,
        `${what} needs ${count} bytes at offset ${this.position} but only ${this.remaining} remain`,
        { offset: this.position },
      );
    }
  }

  /** Reads a signed 32-bit big-endian integer. */
  int32(what = "int32"): number {
    this.require(4, what);
    const value = this.view.getInt32(this.position, false);
    this.position += 4;
    return value;
  }

  /** Reads an IEEE-754 big-endian double. */
  float64(what = "double"): number {
    this.require(8, what);
    const value = this.view.getFloat64(this.position, false);
    this.position += 8;
    return value;
  }

  /** Reads `count` signed 32-bit integers into a new array. */
  int32Array(count: number, what = "int32 vector"): Int32Array {
    this.require(count * 4, what);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.view.getInt32(this.position + i * 4, false);
    this.position += count * 4;
    return out;
  }

  /** Reads `count` doubles into a new array. */
  float64Array(count: number, what = "double vector"): Float64Array {
    this.require(count * 8, what);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = this.view.getFloat64(this.position + i * 8, false);
    this.position += count * 8;
    return out;
  }

  /** Returns a view (not a copy) of the next `count` bytes. */
  bytesView(count: number, what = "bytes"): Uint8Array {
    this.require(count, what);
    const out = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return out;
  }
}
