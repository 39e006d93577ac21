/**
 * Privacy accounting for the sampled Gaussian mechanism with Rényi differential
 * privacy. Each aggregation round that adds N(0, σ²C²) noise to a sum of updates
 * clipped to norm C, with each edge taking part with probability q (Poisson
 * sampling), is one application; RDP composes by addition over rounds.
 *
 * RDP of one step at integer order α (Mironov, Talwar & Zhang, 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism", §3.3, integer α):
 *   ε(α) = log(A_α) / (α − 1),  A_α = Σ_{k=0..α} C(α,k) (1−q)^{α−k} q^k exp((k² − k) / (2σ²)),
 * which for q = 1 is the plain Gaussian's α / (2σ²). Conversion to (ε, δ) uses
 * the tighter bound of Balle et al., 2020 ("Hypothesis Testing Interpretations
 * and Renyi Differential Privacy", Thm. 21), as TF-Privacy / dp_accounting and
 * Opacus do: ε = rdp(α) + log((α−1)/α) − (log δ + log α)/(α − 1), minimised over α.
 * The neighbouring relation is add/remove one edge (what Poisson sampling needs).
 */

/** Integer orders used when none are given: 2…64, then 80, 96, 128, 192, 256. */
export const DEFAULT_RDP_ORDERS: readonly number[] = [...Array.from({ length: 63 }, (_, i) => i + 2), 80, 96, 128, 192, 256];

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * RDP ε(α) of one step of the sampled Gaussian mechanism.
 * @param q sampling probability in [0, 1]
 * @param sigma noise multiplier σ ≥ 0 (noise std / clipping norm)
 * @param order integer α ≥ 2
 * @returns ε(α) in nats; Infinity when σ = 0 and q > 0
 * @throws Error for a non-integer order or parameters out of range
 */
export function sampledGaussianRdp(q: number, sigma: number, order: number): number {
  if (!Number.isInteger(order) || order < 2) throw new Error(`RDP order must be an integer ≥ 2, got ${order}`);
  if (!(q >= 0 && q <= 1)) throw new Error(`sampling probability must be in [0, 1], got ${q}`);
  if (!(sigma >= 0)) throw new Error(`noise multiplier must be ≥ 0, got ${sigma}`);
  if (q === 0) return 0;
  if (sigma === 0) return Number.POSITIVE_INFINITY;
  if (q === 1) return order / (2 * sigma * sigma);
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let logA = Number.NEGATIVE_INFINITY;
  let logBinom = 0; // log C(α, 0)
  for (let k = 0; k <= order; k++) {
    if (k > 0) logBinom += Math.log((order - k + 1) / k);
    logA = logAddExp(logA, logBinom + k * logQ + (order - k) * log1mQ + (k * k - k) / (2 * sigma * sigma));
  }
  return logA / (order - 1);
}

/**
 * The smallest ε over orders for which the accumulated RDP gives (ε, δ)-DP.
 * @returns ε and the order achieving it; ε = Infinity when no order gives a finite bound
 * @throws Error for δ outside (0, 1) or arrays of different lengths
 */
export function rdpToEpsilon(orders: readonly number[], rdp: readonly number[], delta: number): { epsilon: number; order: number } {
  if (!(delta > 0 && delta < 1)) throw new Error(`delta must be in (0, 1), got ${delta}`);
  if (orders.length !== rdp.length) throw new Error("orders and rdp differ in length");
  let best = { epsilon: Number.POSITIVE_INFINITY, order: Number.NaN };
  orders.forEach((a, i) => {
    const r = rdp[i]!;
    if (r < 0) throw new Error(`negative RDP ${r} at order ${a}`);
    // Balle et al.: ε may be 0 outright when δ² + e^{-r} − 1 ≥ 0 (almost no privacy loss).
    const epsilon = delta * delta + Math.expm1(-r) >= 0 ? 0 : r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
    if (epsilon < best.epsilon) best = { epsilon: Math.max(0, epsilon), order: a };
  });
  return best;
}

/** Accumulates RDP over rounds and reports (ε, δ). */
export class RdpAccountant {
  readonly orders: readonly number[];
  private readonly rdp: number[];
  private steps = 0;

  /** @throws Error for an order that is not an integer ≥ 2 */
  constructor(orders: readonly number[] = DEFAULT_RDP_ORDERS) {
    for (const a of orders) if (!Number.isInteger(a) || a < 2) throw new Error(`RDP order must be an integer ≥ 2, got ${a}`);
    this.orders = [...orders];
    this.rdp = this.orders.map(() => 0);
  }

  /** Rounds accounted so far. */
  get rounds(): number {
    return this.steps;
  }

  /**
   * Records `count` applications of the sampled Gaussian mechanism.
   * @throws Error for parameters out of range (see {@link sampledGaussianRdp})
   */
  compose(q: number, sigma: number, count = 1): void {
    this.orders.forEach((a, i) => {
      this.rdp[i]! += count * sampledGaussianRdp(q, sigma, a);
    });
    this.steps += count;
  }

  /** (ε, δ) spent so far, minimised over the orders. */
  getEpsilon(delta: number): { epsilon: number; order: number } {
    return rdpToEpsilon(this.orders, this.rdp, delta);
  }
}
