import type { Trainable } from "@tributary/model";

/**
 * A model that makes its edge Byzantine: localTrain sets θ_base, trains, and
 * reads θ back; this wrapper answers that read with θ_base − scale·(θ − θ_base),
 * so the pushed delta is the honest one sign-flipped and scaled (the attack of
 * `--byzantine`). Everything else passes through to the honest head.
 */
export function byzantineModel<M extends Trainable<E>, E>(head: M, scale: number): M {
  let base: Float32Array | null = null;
  return Object.assign(Object.create(head) as M, {
    setParams(values: Float32Array) {
      head.setParams(values);
      base = values.slice();
    },
    getParams() {
      const params = head.getParams();
      if (!base) return params;
      for (let i = 0; i < params.length; i++) params[i] = base[i]! - scale * (params[i]! - base[i]!);
      return params;
    },
  });
}
