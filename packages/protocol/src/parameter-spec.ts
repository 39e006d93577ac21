import { createHash } from "node:crypto";
import { z } from "zod";

/** One named tensor inside the flat parameter vector. */
export interface ParameterEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Index of the tensor's first element in the flat vector. */
  readonly offset: number;
  /** Number of elements (the product of `shape`). */
  readonly size: number;
}

/**
 * The layout of a model's trainable parameters θ as ONE flat Float32Array.
 * Aggregation, storage and the wire only ever see the flat vector and this
 * spec; `hash` identifies the layout (names and shapes, in order).
 */
export interface ParameterSpec {
  readonly entries: readonly ParameterEntry[];
  /** Total number of elements. */
  readonly length: number;
  /** Lower-case hex SHA-256 of the canonical layout. */
  readonly hash: string;
}

/** zod schema for a {@link ParameterSpec} as it travels in JSON. */
export const parameterSpecSchema = z.object({
  entries: z.array(
    z.object({
      name: z.string().min(1),
      shape: z.array(z.number().int().nonnegative()),
      offset: z.number().int().nonnegative(),
      size: z.number().int().nonnegative(),
    }),
  ),
  length: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Builds the spec for tensors laid out back to back in the given order.
 * @throws Error on an empty or duplicate name or a negative/non-integer dimension
 */
export function createParameterSpec(tensors: readonly { name: string; shape: readonly number[] }[]): ParameterSpec {
  const seen = new Set<string>();
  const entries: ParameterEntry[] = [];
  let offset = 0;
  for (const { name, shape } of tensors) {
    if (name.length === 0 || seen.has(name)) throw new Error(`parameter name "${name}" is empty or repeated`);
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`parameter "${name}" has a bad shape [${shape.join(", ")}]`);
    seen.add(name);
    const size = shape.reduce((a, b) => a * b, 1);
    entries.push({ name, shape: [...shape], offset, size });
    offset += size;
  }
  const canonical = JSON.stringify(entries.map((e) => [e.name, e.shape]));
  return { entries, length: offset, hash: createHash("sha256").update(canonical).digest("hex") };
}

/**
 * Re-derives a spec received as JSON and checks its hash, so a spec whose
 * offsets or hash were tampered with is refused.
 * @throws Error when the recomputed layout differs
 */
export function verifyParameterSpec(spec: ParameterSpec): ParameterSpec {
  const rebuilt = createParameterSpec(spec.entries);
  if (rebuilt.hash !== spec.hash || rebuilt.length !== spec.length) {
    throw new Error(`parameter spec hash ${spec.hash} does not match its entries (${rebuilt.hash})`);
  }
  return rebuilt;
}

/** A view of one tensor's elements inside the flat vector (no copy). */
export function sliceParameter(spec: ParameterSpec, values: Float32Array, name: string): Float32Array {
  const entry = spec.entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no parameter named "${name}" in spec ${spec.hash.slice(0, 12)}`);
  return values.subarray(entry.offset, entry.offset + entry.size);
}
