/**
 * The LZMA range decoder (Igor Pavlov, LZMA SDK "LzmaSpec.cpp"): an arithmetic
 * decoder over 11-bit adaptive probabilities. Reads only inside [start, end) of
 * its input and throws DatasetError TRUNCATED/MALFORMED naming the offset.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";

/** Bits of precision of one probability. */
const PROBABILITY_BITS = 11;
const PROBABILITY_ONE = 1 << PROBABILITY_BITS;
const MOVE_BITS = 5;
const TOP = 2 ** 24;

/** The initial value of every adaptive probability (one half). */
export const PROBABILITY_INIT = PROBABILITY_ONE >>> 1;

/** Decodes bits from one LZMA chunk's compressed bytes. */
export class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  private position: number;

  /**
   * Starts decoding at `start`: one zero byte, then four bytes of code.
   * @param end the offset just past the last byte this decoder may read
   * @throws DatasetError MALFORMED when the first byte is not zero
   */
  constructor(
    private readonly input: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
    if (this.nextByte() !== 0) {
      throw new DatasetError(DatasetErrorCode.Malformed, `LZMA range coder at offset ${start} does not start with a zero byte`, { offset: start });
    }
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.nextByte()) >>> 0;
    if (this.code === this.range) {
      throw new DatasetError(DatasetErrorCode.Malformed, `LZMA range coder at offset ${start} starts with an invalid code`, { offset: start });
    }
  }

  /** The offset of the next unread input byte. */
  get offset(): number {
    return this.position;
  }

  /** True when the code reached zero, as it must at the end of an LZMA2 chunk. */
  get finishedOk(): boolean {
    return this.code === 0;
  }

  /** Decodes one bit with the adaptive probability `probs[index]`, updating it. */
  bit(probs: Uint16Array, index: number): number {
    const p = probs[index]!;
    const bound = (this.range >>> PROBABILITY_BITS) * p;
    let result: number;
    if (this.code < bound) {
      probs[index] = p + ((PROBABILITY_ONE - p) >>> MOVE_BITS);
      this.range = bound;
      result = 0;
    } else {
      probs[index] = p - (p >>> MOVE_BITS);
      this.code -= bound;
      this.range -= bound;
      result = 1;
    }
    if (this.range < TOP) this.normalize();
    return result;
  }

  /** Decodes `count` bits of probability one half, most significant first (count ≤ 26). */
  directBits(count: number): number {
    let result = 0;
    for (let i = 0; i < count; i++) {
      this.range >>>= 1;
      let bit = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        bit = 1;
      }
      result = result * 2 + bit;
      if (this.range < TOP) this.normalize();
    }
    return result;
  }

  /** Decodes a `bits`-bit symbol MSB-first with the binary tree at probs[base + 1 …]. */
  tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(probs, base + m);
    return m - (1 << bits);
  }

  /** Decodes a `bits`-bit symbol LSB-first with the binary tree at probs[base + 1 …]. */
  reverseTree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(probs, base + m);
      m = (m << 1) | b;
      symbol |= b << i;
    }
    return symbol;
  }

  private normalize(): void {
    this.range = (this.range * 256) >>> 0;
    this.code = ((this.code * 256) + this.nextByte()) >>> 0;
  }

  private nextByte(): number {
    if (this.position >= this.end) {
      throw new DatasetError(DatasetErrorCode.Truncated, `LZMA data ends at offset ${this.position} before the chunk is decoded`, { offset: this.position });
    }
    return this.input[this.position++]!;
  }
}
