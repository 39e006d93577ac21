/**
 * Where strategies that need every update of a round (median, trimmed mean,
 * Krum) keep them, so they can read them back one chunk of coordinates at a
 * time instead of holding count × model in memory.
 */

/** An append-only store of one round's deltas, all of the same length. */
export interface UpdateStore {
  /** Forgets what was stored and starts over for vectors of `length` elements. */
  reset(length: number): void;
  /**
   * Stores a copy of `delta`.
   * @throws Error when its length differs from the one given to reset()
   */
  append(delta: Float32Array): void;
  /** Number of vectors stored since the last reset. */
  readonly count: number;
  /**
   * Copies coordinates [start, start + width) of the stored vectors `which`
   * (default: all, in order) into `rows`, vector i of `which` at rows[i·width…].
   * @throws Error when the range is outside the vectors or rows is too small
   */
  readChunk(start: number, width: number, rows: Float32Array, which?: readonly number[]): void;
  /** Frees memory and files. Safe to call twice. */
  dispose(): void;
}

/** Keeps copies in memory: count × model bytes. For tests and small models. */
export class MemoryUpdateStore implements UpdateStore {
  private vectors: Float32Array[] = [];
  private length = 0;

  get count(): number {
    return this.vectors.length;
  }

  reset(length: number): void {
    this.vectors = [];
    this.length = length;
  }

  append(delta: Float32Array): void {
    if (delta.length !== this.length) throw new Error(`delta has ${delta.length} elements, the store ${this.length}`);
    this.vectors.push(Float32Array.from(delta));
  }

  readChunk(start: number, width: number, rows: Float32Array, which?: readonly number[]): void {
    const ids = which ?? this.vectors.map((_, i) => i);
    checkChunk(start, width, this.length, rows, ids.length);
    ids.forEach((id, r) => {
      const v = this.vectors[id];
      if (!v) throw new Error(`no stored vector ${id}`);
      rows.set(v.subarray(start, start + width), r * width);
    });
  }

  dispose(): void {
    this.vectors = [];
  }
}

/** @throws Error when [start, start+width) is outside `length` or rows cannot hold `count` rows */
export function checkChunk(start: number, width: number, length: number, rows: Float32Array, count: number): void {
  if (start < 0 || width < 0 || start + width > length) throw new Error(`chunk [${start}, ${start + width}) is outside 0..${length}`);
  if (rows.length < count * width) throw new Error(`rows hold ${rows.length} elements, ${count} × ${width} needed`);
}
