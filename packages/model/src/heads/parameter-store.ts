import { ErrorCode, TributaryError, type ParameterSpec } from "@tributary/protocol";
import type { Tf, Variable } from "../backends/tfjs.js";

/**
 * θ held as one TF.js variable per spec entry, read and written as ONE flat
 * Float32Array in spec order.
 */
export interface ParameterStore {
  readonly spec: ParameterSpec;
  /** One variable per spec entry, in spec order. */
  readonly variables: readonly Variable[];
  /** A copy of θ. */
  read(): Float32Array;
  /** @throws TributaryError LENGTH_MISMATCH or NON_FINITE; nothing changes when it throws */
  write(values: Float32Array): void;
  dispose(): void;
}

/**
 * Creates the variables for `spec` holding `initial`.
 * @throws TributaryError LENGTH_MISMATCH or NON_FINITE on a bad `initial`
 */
export function createParameterStore(tf: Tf, spec: ParameterSpec, initial: Float32Array): ParameterStore {
  check(spec, initial);
  // Unnamed: TF.js variable names are process-global, and several heads may coexist.
  const variables = spec.entries.map((e) =>
    tf.tidy(() => tf.variable(tf.tensor(initial.subarray(e.offset, e.offset + e.size), [...e.shape], "float32"), true)),
  );
  let disposed = false;
  return {
    spec,
    variables,
    read() {
      const out = new Float32Array(spec.length);
      spec.entries.forEach((e, i) => out.set(variables[i]!.dataSync() as Float32Array, e.offset));
      return out;
    },
    write(values) {
      check(spec, values);
      tf.tidy(() => {
        spec.entries.forEach((e, i) => {
          variables[i]!.assign(tf.tensor(values.subarray(e.offset, e.offset + e.size), [...e.shape], "float32"));
        });
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of variables) v.dispose();
    },
  };
}

function check(spec: ParameterSpec, values: Float32Array): void {
  if (values.length !== spec.length) {
    throw new TributaryError(ErrorCode.LengthMismatch, `parameter vector has ${values.length} values, spec ${spec.hash.slice(0, 12)} has ${spec.length}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new TributaryError(ErrorCode.NonFinite, `parameter ${i} is ${values[i]}`);
  }
}
