/**
 * The shared body of strategies that need every update of a round at once
 * (coordinate-wise median, trimmed mean, Krum): accepted deltas go to an
 * {@link UpdateStore} (a spill file by default) and come back one chunk of
 * coordinates at a time, so memory holds count × chunk values, not count × model.
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { ComputeBackend } from "./compute-backend.js";
import { FileUpdateStore } from "./file-update-store.js";
import { RoundBase } from "./round-base.js";
import type { ClientUpdate, RoundContext, Strategy } from "./strategy.js";
import { defaultComputeBackend } from "./threads-backend.js";
import type { UpdateStore } from "./update-store.js";

/** Options shared by the spilling strategies. */
export interface SpillingOptions {
  /** Where the arithmetic runs (default: the process-wide threads backend). */
  readonly backend?: ComputeBackend;
  /** Where accepted updates wait for aggregate() (default: a temp-file store). */
  readonly store?: UpdateStore;
  /** Coordinates per chunk (default: as many as fit 32 MiB of rows for the round's update count). */
  readonly chunkSize?: number;
}

const CHUNK_BUDGET_BYTES = 32 * 1024 * 1024;

/** See the file comment. */
export abstract class SpillingStrategy implements Strategy {
  abstract readonly name: string;
  protected readonly backend: ComputeBackend;
  protected readonly store: UpdateStore;
  private readonly chunkSize: number | undefined;
  protected base: RoundBase | null = null;
  /** Edge ids of the accepted updates, in store order. */
  protected edgeIds: string[] = [];

  /** @throws Error for a chunk size that is not a positive integer */
  constructor(options: SpillingOptions = {}) {
    this.backend = options.backend ?? defaultComputeBackend();
    this.store = options.store ?? new FileUpdateStore();
    this.chunkSize = options.chunkSize;
    if (this.chunkSize !== undefined && (!Number.isInteger(this.chunkSize) || this.chunkSize < 1)) {
      throw new Error(`bad chunk size ${this.chunkSize}`);
    }
  }

  get accepted(): number {
    return this.edgeIds.length;
  }

  /** The fewest updates aggregate() needs (1 unless a subclass says otherwise). */
  get minUpdates(): number {
    return 1;
  }

  /** @throws Error when a base loader comes without a valid length */
  begin(context: RoundContext): void {
    this.base = new RoundBase(context);
    this.edgeIds = [];
    this.store.reset(this.base.length);
  }

  /**
   * Spills the delta. Weights are not used by these strategies, but an update
   * without a positive example count is ignored, as FedAvg does.
   * @throws TributaryError LENGTH_MISMATCH when the delta's length differs from the base's
   * @throws Error when called before begin(), or when the store cannot write
   */
  accept(update: ClientUpdate): void {
    if (!this.base) throw new Error(`${this.name}.accept called before begin()`);
    if (update.delta.length !== this.base.length) {
      throw new TributaryError(ErrorCode.LengthMismatch, `delta has ${update.delta.length} elements, the model ${this.base.length}`);
    }
    if (!(update.numExamples > 0)) return;
    this.store.append(update.delta);
    this.edgeIds.push(update.edgeId);
  }

  /**
   * The new parameters, or null with fewer than {@link SpillingStrategy.minUpdates} updates (the base is not read then).
   * @throws what a base loader throws
   */
  aggregate(): Float32Array | null {
    if (!this.base || this.accepted === 0 || this.accepted < this.minUpdates) return null;
    return this.combine(this.base.get());
  }

  dispose(): void {
    this.store.dispose();
    this.base = null;
    this.edgeIds = [];
  }

  /** Computes the result from the stored updates (at least minUpdates of them). */
  protected abstract combine(base: Float32Array): Float32Array | null;

  /**
   * Calls `visit` for each chunk of coordinates with the rows of the updates
   * `which` (default all): rows is count × width, update i at rows[i·width…];
   * `scratch` is a width-long vector in backend memory for the chunk's result.
   */
  protected forEachChunk(
    visit: (rows: Float32Array, start: number, width: number, scratch: Float32Array) => void,
    which?: readonly number[],
  ): void {
    const length = this.base?.length ?? 0;
    const count = which?.length ?? this.accepted;
    const chunk = Math.max(1, Math.min(length, this.chunkSize ?? Math.max(1024, Math.floor(CHUNK_BUDGET_BYTES / 4 / Math.max(1, count) / 16) * 16)));
    const buffer = this.backend.allocate(count * chunk);
    const scratch = this.backend.allocate(chunk);
    try {
      for (let start = 0; start < length; start += chunk) {
        const width = Math.min(chunk, length - start);
        const rows = buffer.subarray(0, count * width);
        this.store.readChunk(start, width, rows, which);
        visit(rows, start, width, scratch.subarray(0, width));
      }
    } finally {
      this.backend.release(buffer);
      this.backend.release(scratch);
    }
  }
}
