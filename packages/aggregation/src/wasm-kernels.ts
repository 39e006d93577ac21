/**
 * The weighted-sum kernels as a tiny WebAssembly module with 128-bit SIMD,
 * assembled here from opcodes (no toolchain, no binary checked in). V8 does not
 * vectorise JavaScript loops; this does, and reaches the C floor's speed on
 * one thread. Arithmetic is exactly that of kernels.js (float32 inputs
 * promoted to float64, products and sums in float64, float32 sums rounded once
 * per addition), so results are bit-identical to the JavaScript path.
 *
 * Exports, all pointers are byte offsets into the imported shared memory:
 *   axpy_f64(acc, x, w, n): acc[i] += w·x[i], acc float64, x float32
 *   axpy_f32(acc, x, w, n): acc[i] = f32(acc[i] + w·x[i]), acc and x float32
 *   assign_f64 / assign_f32: the same with acc taken as +0 (a round's first update)
 */
import type {} from "./webassembly.js";

const leb = (value: number): number[] => {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
/** Signed LEB128, as i32.const immediates need. */
const sleb = (value: number): number[] => {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const vector = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];

const simd = (op: number, ...rest: number[]): number[] => [0xfd, ...leb(op), ...rest];
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const local = { get: (i: number) => [0x20, i], set: (i: number) => [0x21, i], tee: (i: number) => [0x22, i] };
const i32 = { const: (v: number) => [0x41, ...sleb(v)], add: [0x6a], shl: [0x74], geU: [0x4f], and: [0x71] };
const f64 = { zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0], add: [0xa0], mul: [0xa2], load: (align: number) => [0x2b, align, 0], store: (align: number) => [0x39, align, 0], promoteF32: [0xbb] };
const f32 = { load: [0x2a, 2, 0], store: [0x38, 2, 0], demoteF64: [0xb6] };
const v128 = {
  load: (align: number, offset = 0) => simd(0x00, align, ...leb(offset)),
  store: (align: number, offset = 0) => simd(0x0b, align, ...leb(offset)),
  /** Lanes 8…15 then 0…7: the high half moved low, for promote_low. */
  swapHalves: simd(0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7),
  /** Bytes 0…7 of the first operand then 0…7 of the second. */
  joinLow: simd(0x0d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
};
/** v128.const of sixteen zero bytes (+0.0 in every lane). */
const ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const f64x2 = { splat: simd(0x14), add: simd(0xf0), mul: simd(0xf2), promoteLow: simd(0x5f) };
const f32x4 = { demoteZero: simd(0x5e) };

// Parameters: 0 acc, 1 x, 2 w, 3 n. Locals: 4 i (element), 5 end4, 6 wv (v128), 7 xv, 8 av.
const PARAMS = [I32, I32, F64, I32];
const [ACC, X, W, N, I, END4, WV, XV, AV] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const addr = (base: number, shift: number) => [...local.get(base), ...local.get(I), ...i32.const(shift), ...i32.shl, ...i32.add];
const loop = (until: number, body: number[], step: number) => [
  0x02, 0x40, 0x03, 0x40,
  ...local.get(I), ...local.get(until), ...i32.geU, 0x0d, 1,
  ...body,
  ...local.get(I), ...i32.const(step), ...i32.add, ...local.set(I),
  0x0c, 0, 0x0b, 0x0b,
];
const prologue = [
  ...local.get(W), ...f64x2.splat, ...local.set(WV),
  ...local.get(N), ...i32.const(-4), ...i32.and, ...local.set(END4),
];

/**
 * acc (f64) += w·x, four elements per step, then the scalar tail. With `assign`,
 * acc = 0 + w·x instead: the first update of a round, so the sum never needs zeroing
 * (adding to +0 keeps the result bit-identical to zeroing and then adding).
 */
const axpyF64 = (assign: boolean) => {
  const old = (load: number[]) => (assign ? ZERO : load);
  const oldScalar = assign ? f64.zero : [...addr(ACC, 3), ...f64.load(3)];
  return [
    ...prologue,
    ...loop(END4, [
      ...addr(X, 2), ...v128.load(2), ...local.set(XV),
      ...addr(ACC, 3),
      ...old([...addr(ACC, 3), ...v128.load(3)]), ...local.get(XV), ...f64x2.promoteLow, ...local.get(WV), ...f64x2.mul, ...f64x2.add,
      ...v128.store(3),
      ...addr(ACC, 3),
      ...old([...addr(ACC, 3), ...v128.load(3, 16)]), ...local.get(XV), ...local.get(XV), ...v128.swapHalves, ...f64x2.promoteLow, ...local.get(WV), ...f64x2.mul, ...f64x2.add,
      ...v128.store(3, 16),
    ], 4),
    ...loop(N, [
      ...addr(ACC, 3),
      ...oldScalar, ...addr(X, 2), ...f32.load, ...f64.promoteF32, ...local.get(W), ...f64.mul, ...f64.add,
      ...f64.store(3),
    ], 1),
  ];
};

/** acc (f32) = f32(acc + w·x) in float64, four elements per step, then the scalar tail; `assign` as above. */
const axpyF32 = (assign: boolean) => {
  const half = (high: boolean) => {
    const pick = (v: number) => (high ? [...local.get(v), ...local.get(v), ...v128.swapHalves] : local.get(v));
    const old = assign ? ZERO : [...pick(AV), ...f64x2.promoteLow];
    return [...old, ...pick(XV), ...f64x2.promoteLow, ...local.get(WV), ...f64x2.mul, ...f64x2.add, ...f32x4.demoteZero];
  };
  const oldScalar = assign ? f64.zero : [...addr(ACC, 2), ...f32.load, ...f64.promoteF32];
  return [
    ...prologue,
    ...loop(END4, [
      ...addr(X, 2), ...v128.load(2), ...local.set(XV),
      ...(assign ? [] : [...addr(ACC, 2), ...v128.load(2), ...local.set(AV)]),
      ...addr(ACC, 2), ...half(false), ...half(true), ...v128.joinLow, ...v128.store(2),
    ], 4),
    ...loop(N, [
      ...addr(ACC, 2),
      ...oldScalar, ...addr(X, 2), ...f32.load, ...f64.promoteF32, ...local.get(W), ...f64.mul, ...f64.add,
      ...f32.demoteF64, ...f32.store,
    ], 1),
  ];
};

const functionBody = (code: number[]) => {
  // Locals 4–5 are i32 (i, end4), 6–8 are v128 (wv, xv, av).
  const body = [...vector([[2, I32], [3, V128]]), ...code, 0x0b];
  return [...leb(body.length), ...body];
};

/** The module's bytes; it imports `env.memory` (shared, up to 4 GiB). */
export function wasmKernelBytes(): Uint8Array {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...leb(PARAMS.length), ...PARAMS, 0]])),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x03, ...leb(1), ...leb(65536)]])),
    ...section(3, vector([[0], [0], [0], [0]])),
    ...section(
      7,
      vector([
        [...name("axpy_f64"), 0x00, 0],
        [...name("axpy_f32"), 0x00, 1],
        [...name("assign_f64"), 0x00, 2],
        [...name("assign_f32"), 0x00, 3],
      ]),
    ),
    ...section(10, vector([functionBody(axpyF64(false)), functionBody(axpyF32(false)), functionBody(axpyF64(true)), functionBody(axpyF32(true))])),
  ];
  return new Uint8Array(bytes);
}

/** The exports of the kernel module. */
export interface WasmKernels {
  axpy_f64(acc: number, x: number, w: number, n: number): void;
  axpy_f32(acc: number, x: number, w: number, n: number): void;
  assign_f64(acc: number, x: number, w: number, n: number): void;
  assign_f32(acc: number, x: number, w: number, n: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD or shared memory is unavailable. */
export function wasmKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(wasmKernelBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled;
}
