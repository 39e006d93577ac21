/**
 * Dirichlet sampling through Gamma variates (Marsaglia & Tsang, 2000, "A Simple
 * Method for Generating Gamma Variables"), with the α < 1 boost Γ(α) = Γ(α+1)·U^(1/α).
 */
import type { Rng } from "./mulberry32.js";

function normal(rng: Rng): number {
  // Box–Muller; 1 - rng() lies in (0, 1], so the logarithm is finite.
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** One Gamma(shape, 1) variate. @throws RangeError unless shape > 0 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma shape must be positive and finite, got ${shape}`);
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Proportions p ~ Dirichlet(α, …, α) over `k` categories (Σp = 1). When every
 * Gamma variate underflows to 0 (tiny α), all mass goes to one category drawn uniformly.
 * @throws RangeError unless alpha > 0 and k ≥ 1
 */
export function sampleSymmetricDirichlet(rng: Rng, alpha: number, k: number): number[] {
  if (!(k >= 1) || !Number.isInteger(k)) throw new RangeError(`k must be a positive integer, got ${k}`);
  const draws = Array.from({ length: k }, () => sampleGamma(rng, alpha));
  const total = draws.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    const pick = Math.floor(rng() * k);
    return draws.map((_, i) => (i === pick ? 1 : 0));
  }
  return draws.map((g) => g / total);
}
