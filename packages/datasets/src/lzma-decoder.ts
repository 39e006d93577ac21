/**
 * The LZMA decoding state machine (Igor Pavlov, LZMA SDK "LzmaSpec.cpp"), used by
 * {@link decodeLzma2} one chunk at a time. The whole output buffer is the
 * dictionary: a match may reach back to the last dictionary reset, never further.
 */
import { DatasetError, DatasetErrorCode } from "./dataset-error.js";
import { PROBABILITY_INIT, RangeDecoder } from "./range-decoder.js";

const STATES = 12;
const POS_STATES_MAX = 16;
const MATCH_MIN_LEN = 2;
const LEN_LOW_BITS = 3;
const LEN_HIGH_BITS = 8;
const END_POS_MODEL_INDEX = 14;
const FULL_DISTANCES = 128;
const ALIGN_BITS = 4;

/** Probabilities of one length coder: choice, choice2, low[16]×8, mid[16]×8, high×256 (trees are 1-based). */
const LEN_CHOICE = 0;
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + (POS_STATES_MAX << LEN_LOW_BITS);
const LEN_HIGH = LEN_MID + (POS_STATES_MAX << LEN_LOW_BITS);
const LEN_SIZE = LEN_HIGH + (1 << LEN_HIGH_BITS);

/** The literal context (lc), literal position (lp) and position (pb) bit counts. */
export interface LzmaProperties {
  readonly lc: number;
  readonly lp: number;
  readonly pb: number;
}

/**
 * Parses an LZMA properties byte ((pb × 5 + lp) × 9 + lc).
 * @throws DatasetError MALFORMED when it is ≥ 225 or, as LZMA2 requires, lc + lp > 4
 */
export function parseLzmaProperties(byte: number, offset: number): LzmaProperties {
  if (byte >= 9 * 5 * 5) throw new DatasetError(DatasetErrorCode.Malformed, `LZMA properties byte ${byte} at offset ${offset} is out of range`, { offset });
  const lc = byte % 9;
  const lp = Math.floor(byte / 9) % 5;
  const pb = Math.floor(byte / 45);
  if (lc + lp > 4) throw new DatasetError(DatasetErrorCode.Malformed, `LZMA2 properties at offset ${offset} have lc + lp = ${lc + lp} > 4`, { offset });
  return { lc, lp, pb };
}

/**
 * Decodes LZMA chunks into one output buffer, keeping the adaptive state between
 * chunks as LZMA2 requires; {@link decodeLzma2} drives it.
 */
export class LzmaDecoder {
  private props: LzmaProperties = { lc: 0, lp: 0, pb: 0 };
  private literal = new Uint16Array(0x300);
  private readonly isMatch = new Uint16Array(STATES << 4);
  private readonly isRep = new Uint16Array(STATES);
  private readonly isRepG0 = new Uint16Array(STATES);
  private readonly isRepG1 = new Uint16Array(STATES);
  private readonly isRepG2 = new Uint16Array(STATES);
  private readonly isRep0Long = new Uint16Array(STATES << 4);
  private readonly posSlot = new Uint16Array(4 << 6);
  private readonly posSpecial = new Uint16Array(1 + FULL_DISTANCES - END_POS_MODEL_INDEX);
  private readonly align = new Uint16Array(1 << ALIGN_BITS);
  private readonly lenCoder = new Uint16Array(LEN_SIZE);
  private readonly repLenCoder = new Uint16Array(LEN_SIZE);
  private state = 0;
  private rep0 = 0;
  private rep1 = 0;
  private rep2 = 0;
  private rep3 = 0;

  constructor(private readonly out: Uint8Array) {}

  /** Sets new properties (reallocating the literal coder) and resets the state. */
  setProperties(props: LzmaProperties): void {
    this.props = props;
    this.literal = new Uint16Array(0x300 << (props.lc + props.lp));
    this.resetState();
  }

  /** Resets every probability, the state and the repeat distances. */
  resetState(): void {
    for (const probs of [this.literal, this.isMatch, this.isRep, this.isRepG0, this.isRepG1, this.isRepG2, this.isRep0Long, this.posSlot, this.posSpecial, this.align, this.lenCoder, this.repLenCoder]) {
      probs.fill(PROBABILITY_INIT);
    }
    this.state = 0;
    this.rep0 = this.rep1 = this.rep2 = this.rep3 = 0;
  }

  /**
   * Decodes one LZMA2 chunk: exactly `size` bytes written at out[pos …], from
   * input[start, end). `dictStart` is where the dictionary was last reset.
   * @throws DatasetError MALFORMED for a distance beyond the dictionary, a match
   *   crossing the chunk's end, an end marker, or leftover input
   */
  decodeChunk(chunk: { input: Uint8Array; start: number; end: number; pos: number; size: number; dictStart: number }): void {
    const { input, start, end, dictStart } = chunk;
    const out = this.out;
    const rc = new RangeDecoder(input, start, end);
    const { lc, lp, pb } = this.props;
    const pbMask = (1 << pb) - 1;
    const lpMask = (1 << lp) - 1;
    let pos = chunk.pos;
    const limit = pos + chunk.size;
    const fail = (why: string): DatasetError =>
      new DatasetError(DatasetErrorCode.Malformed, `LZMA chunk at input offset ${start - 6}: ${why} (output position ${pos})`, { offset: rc.offset });

    while (pos < limit) {
      const posState = (pos - dictStart) & pbMask;
      const state = this.state;
      if (rc.bit(this.isMatch, (state << 4) + posState) === 0) {
        const prev = pos > dictStart ? out[pos - 1]! : 0;
        const base = 0x300 * ((((pos - dictStart) & lpMask) << lc) + (prev >>> (8 - lc)));
        let symbol = 1;
        if (state >= 7) {
          if (this.rep0 >= pos - dictStart) throw fail(`literal match byte distance ${this.rep0 + 1} reaches before the dictionary`);
          let matchByte = out[pos - this.rep0 - 1]!;
          while (symbol < 0x100) {
            const matchBit = (matchByte >>> 7) & 1;
            matchByte <<= 1;
            const bit = rc.bit(this.literal, base + ((1 + matchBit) << 8) + symbol);
            symbol = (symbol << 1) | bit;
            if (matchBit !== bit) break;
          }
        }
        while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(this.literal, base + symbol);
        out[pos++] = symbol - 0x100;
        this.state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (rc.bit(this.isRep, state) !== 0) {
        if (this.rep0 >= pos - dictStart) throw fail(`repeat distance ${this.rep0 + 1} reaches before the dictionary`);
        if (rc.bit(this.isRepG0, state) === 0) {
          if (rc.bit(this.isRep0Long, (state << 4) + posState) === 0) {
            this.state = state < 7 ? 9 : 11;
            out[pos] = out[pos - this.rep0 - 1]!;
            pos++;
            continue;
          }
        } else {
          let dist: number;
          if (rc.bit(this.isRepG1, state) === 0) {
            dist = this.rep1;
          } else {
            if (rc.bit(this.isRepG2, state) === 0) {
              dist = this.rep2;
            } else {
              dist = this.rep3;
              this.rep3 = this.rep2;
            }
            this.rep2 = this.rep1;
          }
          this.rep1 = this.rep0;
          this.rep0 = dist;
        }
        len = decodeLength(rc, this.repLenCoder, posState);
        this.state = state < 7 ? 8 : 11;
      } else {
        this.rep3 = this.rep2;
        this.rep2 = this.rep1;
        this.rep1 = this.rep0;
        len = decodeLength(rc, this.lenCoder, posState);
        this.state = state < 7 ? 7 : 10;
        this.rep0 = this.decodeDistance(rc, len);
        if (this.rep0 === 0xffffffff) throw fail("end-of-stream marker inside an LZMA2 chunk");
      }
      len += MATCH_MIN_LEN;
      const distance = this.rep0 + 1;
      if (distance > pos - dictStart) throw fail(`match distance ${distance} reaches before the dictionary`);
      if (len > limit - pos) throw fail(`match of ${len} bytes crosses the chunk's end`);
      for (let i = 0; i < len; i++, pos++) out[pos] = out[pos - distance]!;
    }
    if (!rc.finishedOk || rc.offset !== end) throw fail(`the range coder did not end cleanly (stopped at ${rc.offset}, chunk ends at ${end})`);
  }

  private decodeDistance(rc: RangeDecoder, len: number): number {
    const lenState = len < 3 ? len : 3;
    const slot = rc.tree(this.posSlot, lenState << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >>> 1) - 1;
    let dist = (2 | (slot & 1)) * 2 ** directBits;
    if (slot < END_POS_MODEL_INDEX) {
      dist += rc.reverseTree(this.posSpecial, dist - slot, directBits);
    } else {
      dist += rc.directBits(directBits - ALIGN_BITS) * 2 ** ALIGN_BITS;
      dist += rc.reverseTree(this.align, 0, ALIGN_BITS);
    }
    return dist >>> 0;
  }
}

function decodeLength(rc: RangeDecoder, probs: Uint16Array, posState: number): number {
  if (rc.bit(probs, LEN_CHOICE) === 0) return rc.tree(probs, LEN_LOW + (posState << LEN_LOW_BITS), LEN_LOW_BITS);
  if (rc.bit(probs, LEN_CHOICE2) === 0) return 8 + rc.tree(probs, LEN_MID + (posState << LEN_LOW_BITS), LEN_LOW_BITS);
  return 16 + rc.tree(probs, LEN_HIGH, LEN_HIGH_BITS);
}
