/**
 * A shared WebAssembly memory that the main thread and every compute worker
 * map, with a first-fit allocator over it. Vectors placed here can be summed by
 * the SIMD kernels (wasm-kernels.ts) on all threads without copying. The memory
 * grows on demand up to WebAssembly's 4 GiB and never shrinks; released blocks
 * are reused.
 */
import type {} from "./webassembly.js";

const PAGE = 65536;
const MAX_PAGES = 65536;
const ALIGN = 64;

/** See the file comment. */
export class WasmHeap {
  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  private readonly freeBlocks: { start: number; size: number }[] = [];
  private readonly sizes = new Map<number, number>();
  /** Every buffer object views were made on (a grown memory hands out a new one). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private top = ALIGN;

  /**
   * Reserves `bytes` (rounded up to 64) and returns the block's byte offset,
   * or null when the 4 GiB address space cannot hold it. Contents are not zeroed.
   */
  alloc(bytes: number): number | null {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const index = this.freeBlocks.findIndex((b) => b.size >= size);
    if (index >= 0) {
      const block = this.freeBlocks[index]!;
      if (block.size === size) this.freeBlocks.splice(index, 1);
      else this.freeBlocks[index] = { start: block.start + size, size: block.size - size };
      this.sizes.set(block.start, size);
      return block.start;
    }
    const end = this.top + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) return null;
      try {
        this.memory.grow(pages);
      } catch {
        return null;
      }
    }
    const start = this.top;
    this.top = end;
    this.sizes.set(start, size);
    return start;
  }

  /**
   * Returns the block at `ptr` for reuse.
   * @throws Error when no block starts at `ptr`
   */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`no heap block at ${ptr}`);
    this.sizes.delete(ptr);
    if (ptr + size === this.top) {
      this.top = ptr;
    } else {
      this.freeBlocks.push({ start: ptr, size });
      this.freeBlocks.sort((a, b) => a.start - b.start);
    }
    // Coalesce neighbours, and give a free block that reaches the top back to it.
    for (let i = this.freeBlocks.length - 1; i > 0; i--) {
      const a = this.freeBlocks[i - 1]!;
      const b = this.freeBlocks[i]!;
      if (a.start + a.size === b.start) {
        this.freeBlocks.splice(i - 1, 2, { start: a.start, size: a.size + b.size });
      }
    }
    const last = this.freeBlocks[this.freeBlocks.length - 1];
    if (last && last.start + last.size === this.top) {
      this.top = last.start;
      this.freeBlocks.pop();
    }
  }

  /** True when `view` lies in this heap's memory. */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }

  /** True when `view` starts exactly at a live block (what allocate() handed out). */
  isBlock(view: ArrayBufferView): boolean {
    return this.owns(view) && this.sizes.has(view.byteOffset);
  }

  /** A float32 view of `length` elements at `ptr`. */
  f32(ptr: number, length: number): Float32Array {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return new Float32Array(buffer, ptr, length);
  }

  /** A float64 view of `length` elements at `ptr`. */
  f64(ptr: number, length: number): Float64Array {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return new Float64Array(buffer, ptr, length);
  }

  /** Bytes currently reserved (for tests and diagnostics). */
  get reservedBytes(): number {
    let total = 0;
    for (const size of this.sizes.values()) total += size;
    return total;
  }
}
