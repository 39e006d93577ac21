/**
 * A stable 32-bit string hash: FNV-1a over UTF-16 code units, finished with
 * MurmurHash3's fmix32 so that nearby keys ("1", "2", …) spread evenly. The same
 * on every machine and every run; not for security.
 */
export function stableHash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
