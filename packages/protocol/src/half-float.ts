/**
 * IEEE 754 binary16 ("half") conversion for the fp16 delta codec: round to
 * nearest, ties to even, with subnormals; the same rules as Float16Array and
 * numpy's float16, so a value decodes to the half closest to what was sent.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The largest finite half, 65504. */
export const HALF_MAX = 65504;

/**
 * Converts one number to its binary16 bit pattern (round to nearest even).
 * Values beyond ±65504 after rounding become ±Infinity; callers that must not
 * produce them check first.
 */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  // Re-bias the exponent from 127 to 15.
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    const roundUp = rest > midpoint || (rest === midpoint && (half & 1) === 1);
    return sign | (half + (roundUp ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  const roundUp = rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1);
  return sign | (half + (roundUp ? 1 : 0));
}

/** Converts a binary16 bit pattern to the number it denotes (exactly). */
export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Lookup table from half bits to float32: decoding a vector is one load per element. */
let decodeTable: Float32Array | null = null;

/** Decodes bits[from, from + out.length) (binary16 patterns) into `out`. */
export function decodeHalves(bits: Uint16Array, out: Float32Array, from = 0): void {
  if (!decodeTable) {
    decodeTable = new Float32Array(65536);
    for (let b = 0; b < 65536; b++) decodeTable[b] = fromHalfBits(b);
  }
  const table = decodeTable;
  for (let i = 0; i < out.length; i++) out[i] = table[bits[from + i]!]!;
}
