/**
 * Update-norm clipping around any strategy: each delta with L2 norm above C is
 * scaled down to norm C before the inner strategy sees it, bounding what one edge
 * can move the model. C is fixed, or adapts to a target quantile of the update
 * norms (Andrew et al., 2021, "Differentially Private Learning with Adaptive
 * Clipping" (NeurIPS)): after each round with updates, C ← C·exp(−η(b̄ − γ)),
 * with b̄ the fraction of updates that were within C and γ the target quantile.
 * (This wrapper adapts on the exact fraction; with central DP, clipping is fixed.)
 */
import type { ClientUpdate, RoundContext, Strategy } from "./strategy.js";

/** How to clip: a fixed norm, or one that tracks a quantile of the update norms. */
export type ClippingConfig =
  | { readonly mode: "fixed"; readonly clipNorm: number }
  | { readonly mode: "adaptive"; readonly initialClipNorm: number; readonly targetQuantile?: number; readonly learningRate?: number };

/** ‖v‖₂ in float64. */
export function l2Norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/**
 * `delta` itself when its norm is at most `clipNorm`, else a scaled copy with norm `clipNorm`.
 * @returns the vector and whether it was within the bound
 */
export function clipToNorm(delta: Float32Array, clipNorm: number): { delta: Float32Array; within: boolean } {
  const norm = l2Norm(delta);
  if (norm <= clipNorm) return { delta, within: true };
  const scale = clipNorm / norm;
  const out = new Float32Array(delta.length);
  for (let i = 0; i < out.length; i++) out[i] = delta[i]! * scale;
  return { delta: out, within: false };
}

/** See the file comment. Reuse one instance across rounds so an adaptive norm carries over. */
export class ClippedStrategy implements Strategy {
  readonly name: string;
  private norm: number;
  private readonly adaptive: { readonly target: number; readonly rate: number } | null;
  private within = 0;
  private seen = 0;

  /** @throws Error for a non-positive norm, a quantile outside (0, 1) or a negative rate */
  constructor(
    readonly inner: Strategy,
    config: ClippingConfig,
  ) {
    this.name = `${inner.name}+clip`;
    if (config.mode === "fixed") {
      this.norm = config.clipNorm;
      this.adaptive = null;
    } else {
      this.norm = config.initialClipNorm;
      this.adaptive = { target: config.targetQuantile ?? 0.5, rate: config.learningRate ?? 0.2 };
      if (!(this.adaptive.target > 0 && this.adaptive.target < 1)) throw new Error(`target quantile must be in (0, 1), got ${this.adaptive.target}`);
      if (!(this.adaptive.rate >= 0)) throw new Error(`adaptive clipping learning rate must be ≥ 0, got ${this.adaptive.rate}`);
    }
    if (!(this.norm > 0) || !Number.isFinite(this.norm)) throw new Error(`clip norm must be positive, got ${this.norm}`);
  }

  /** The norm updates are clipped to in the current round. */
  get clipNorm(): number {
    return this.norm;
  }

  get accepted(): number {
    return this.inner.accepted;
  }

  get minUpdates(): number | undefined {
    return this.inner.minUpdates;
  }

  begin(context: RoundContext): void {
    if (this.adaptive && this.seen > 0) {
      this.norm *= Math.exp(-this.adaptive.rate * (this.within / this.seen - this.adaptive.target));
    }
    this.within = 0;
    this.seen = 0;
    this.inner.begin(context);
  }

  /** Clips, then passes the update on. @throws what the inner strategy throws */
  accept(update: ClientUpdate): void {
    const clipped = clipToNorm(update.delta, this.norm);
    this.inner.accept(clipped.delta === update.delta ? update : { ...update, delta: clipped.delta });
    this.seen++;
    if (clipped.within) this.within++;
  }

  aggregate(): Float32Array | null {
    return this.inner.aggregate();
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
