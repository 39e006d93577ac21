/** A Float32Array as a SQLite BLOB (shares memory; little-endian hosts only, as everywhere Node runs). */
export function toBlob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * A SQLite BLOB back as a Float32Array (a copy, so it is aligned and owned).
 * @throws RangeError when the byte length is not a multiple of 4
 */
export function fromBlob(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) throw new RangeError(`a float32 blob has ${blob.byteLength} bytes, not a multiple of 4`);
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
