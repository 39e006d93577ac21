/**
 * The wire is little-endian. Payloads are read and written through typed
 * arrays for speed, so a big-endian host swaps bytes in place around them.
 */

/** True on little-endian hosts (every platform Node ships for but s390x). */
export const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of every 2-byte word of `bytes` in place. */
export function byteSwap16(bytes: Uint8Array): void {
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const a = bytes[i]!;
    bytes[i] = bytes[i + 1]!;
    bytes[i + 1] = a;
  }
}

/** Reverses the byte order of every 4-byte word of `bytes` in place. */
export function byteSwap32(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}

/**
 * `bytes` ready to be viewed as host-order `wordBytes`-byte words: the bytes
 * themselves where the host is little-endian and they are aligned for such words
 * (no copy: a decoder that reads update after update leaves no garbage), else
 * {@link alignedHostCopy}. Read-only: the result may be the caller's memory.
 */
export function hostWords(bytes: Uint8Array, wordBytes: 2 | 4): Uint8Array {
  return littleEndianHost && bytes.byteOffset % wordBytes === 0 ? bytes : alignedHostCopy(bytes, wordBytes);
}

/** A copy of `bytes` in a fresh, aligned buffer, converted to host order for `wordBytes`-byte words. */
export function alignedHostCopy(bytes: Uint8Array, wordBytes: 1 | 2 | 4): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  if (!littleEndianHost && wordBytes === 2) byteSwap16(copy);
  if (!littleEndianHost && wordBytes === 4) byteSwap32(copy);
  return copy;
}
