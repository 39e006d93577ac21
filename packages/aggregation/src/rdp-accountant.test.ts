import { describe, expect, it } from "vitest";
import { DEFAULT_RDP_ORDERS, RdpAccountant, rdpToEpsilon, sampledGaussianRdp } from "./rdp-accountant.js";

describe("RDP of the sampled Gaussian mechanism (Mironov et al., 2019, integer orders)", () => {
  it("is the plain Gaussian's α/(2σ²) at q = 1, and the general sum converges to it as q → 1", () => {
    for (const sigma of [0.5, 1, 3.7]) {
      for (const order of [2, 3, 10, 32]) {
        expect(sampledGaussianRdp(1, sigma, order)).toBe(order / (2 * sigma * sigma));
        expect(sampledGaussianRdp(1 - 1e-9, sigma, order)).toBeCloseTo(order / (2 * sigma * sigma), 5);
      }
    }
  });

  it("matches the reference values of Google's dp_accounting (ex TF-Privacy) RDP accountant", () => {
    // google/differential-privacy, python/dp_accounting/dp_accounting/rdp/rdp_privacy_accountant_test.py,
    // test_compute_rdp_poisson_sampled_gaussian: q = 0.01, σ = 2.5, 50 steps; the integer orders 5, 50, 100
    // give 2.18075656e-03, 2.38460375e-02, 1.67416308e+02 (checked there with rtol 1e-4).
    const accountant = new RdpAccountant([5, 50, 100]);
    accountant.compose(0.01, 2.5, 50);
    const expected = [2.18075656e-3, 2.38460375e-2, 1.67416308e2];
    [5, 50, 100].forEach((order, i) => {
      const rdp = 50 * sampledGaussianRdp(0.01, 2.5, order);
      expect(Math.abs(rdp - expected[i]!) / expected[i]!).toBeLessThan(1e-6);
    });
  });

  it("converts RDP to (ε, δ) with the bound dp_accounting and Opacus use", () => {
    // Same file, test_compute_epsilon_delta_pure_dp: orders 2…32, RDP 1.1 at every order, δ = 1e-5
    // gives ε = 1.32783806176 at order 32.
    const orders = Array.from({ length: 31 }, (_, i) => i + 2);
    const { epsilon, order } = rdpToEpsilon(
      orders,
      orders.map(() => 1.1),
      1e-5,
    );
    expect(epsilon).toBeCloseTo(1.32783806176, 9);
    expect(order).toBe(32);
  });

  it("grows with rounds and sampling rate, shrinks with noise; q = 0 costs nothing, σ = 0 everything", () => {
    const eps = (q: number, sigma: number, rounds: number) => {
      const a = new RdpAccountant();
      a.compose(q, sigma, rounds);
      return a.getEpsilon(1e-5).epsilon;
    };
    expect(eps(0.01, 1.1, 100)).toBeLessThan(eps(0.01, 1.1, 1000));
    expect(eps(0.01, 1.1, 100)).toBeLessThan(eps(0.1, 1.1, 100));
    expect(eps(0.01, 2, 100)).toBeLessThan(eps(0.01, 1.1, 100));
    expect(eps(0, 1, 10)).toBe(0);
    expect(eps(0.5, 0, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(DEFAULT_RDP_ORDERS.every(Number.isInteger)).toBe(true);
  });

  it("refuses fractional orders and parameters out of range", () => {
    expect(() => sampledGaussianRdp(0.1, 1, 2.5)).toThrow();
    expect(() => sampledGaussianRdp(1.5, 1, 2)).toThrow();
    expect(() => rdpToEpsilon([2], [1], 0)).toThrow();
    expect(() => new RdpAccountant([1])).toThrow();
  });
});
