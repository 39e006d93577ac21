import { describe, expect, it } from "vitest";
import * as kernels from "./kernels.js";
import { SeededRandom } from "./seeded-random.js";
import { WasmHeap } from "./wasm-heap.js";
import { type WasmKernels, wasmKernelModule } from "./wasm-kernels.js";

describe("WebAssembly SIMD sum kernels", () => {
  const module = wasmKernelModule();
  const heap = new WasmHeap();
  const wasm = new WebAssembly.Instance(module!, { env: { memory: heap.memory } }).exports as unknown as WasmKernels;
  const random = new SeededRandom(21);

  it("compile on this runtime", () => {
    expect(module).not.toBeNull();
  });

  it.each([0, 1, 3, 4, 5, 17, 1001])("are bit-identical to kernels.js for %i elements (float64 and float32 sums)", (n) => {
    const xp = heap.alloc(n * 4)!;
    const a64 = heap.alloc(n * 8)!;
    const a32 = heap.alloc(n * 4)!;
    const x = heap.f32(xp, n);
    const acc64 = heap.f64(a64, n);
    const acc32 = heap.f32(a32, n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 7 === 3 ? 0 : random.nextGaussian();
      acc64[i] = random.nextGaussian();
      acc32[i] = random.nextGaussian();
    }
    const ref64 = Float64Array.from(acc64);
    const ref32 = Float32Array.from(acc32);
    kernels.axpy(ref64, x, 0.3711, 0, n);
    kernels.axpy(ref32, x, 0.3711, 0, n);
    wasm.axpy_f64(a64, xp, 0.3711, n);
    wasm.axpy_f32(a32, xp, 0.3711, n);
    expect(Array.from(acc64)).toEqual(Array.from(ref64));
    expect(Array.from(acc32)).toEqual(Array.from(ref32));
    // assign_* equals zeroing then adding, to the bit (signed zeros included).
    const zero64 = new Float64Array(n);
    const zero32 = new Float32Array(n);
    kernels.axpy(zero64, x, -0.5, 0, n);
    kernels.axpy(zero32, x, -0.5, 0, n);
    acc64.fill(Number.NaN);
    acc32.fill(Number.NaN);
    wasm.assign_f64(a64, xp, -0.5, n);
    wasm.assign_f32(a32, xp, -0.5, n);
    expect(Array.from(acc64)).toEqual(Array.from(zero64));
    expect(Array.from(acc32)).toEqual(Array.from(zero32));
    for (const p of [xp, a64, a32]) heap.release(p);
  });
});

describe("WasmHeap", () => {
  it("reuses, coalesces and grows", () => {
    const heap = new WasmHeap();
    const a = heap.alloc(100)!;
    const b = heap.alloc(1000)!;
    const c = heap.alloc(64)!;
    expect(a % 64).toBe(0);
    expect(b).toBe(a + 128);
    heap.release(a);
    heap.release(b);
    expect(heap.alloc(1100)).toBe(a); // a and b coalesced
    heap.release(c);
    const big = heap.alloc(5 * 65536)!; // beyond the first page: the memory grows
    expect(heap.memory.buffer.byteLength).toBeGreaterThanOrEqual(big + 5 * 65536);
    const view = heap.f32(big, 10);
    expect(heap.owns(view)).toBe(true);
    expect(heap.isBlock(view)).toBe(true);
    expect(heap.isBlock(view.subarray(1))).toBe(false);
    expect(heap.owns(new Float32Array(4))).toBe(false);
    expect(() => heap.release(big + 64)).toThrow();
  });
});
