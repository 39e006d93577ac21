/** The outcome of comparing a candidate with its baseline on one metric. */
export interface GateVerdict {
  readonly pass: boolean;
  readonly reason: string;
  /** Relative change of the metric, candidate vs baseline (positive = worse). */
  readonly regression: number | null;
}

/**
 * Whether `candidate` is not worse than `baseline` beyond `tolerance` (relative)
 * on `metric`. A metric missing on either side fails the gate: a gate that
 * cannot measure must not promote.
 */
export function compareOnMetric(
  candidate: Record<string, number>,
  baseline: Record<string, number>,
  gate: { metric: string; direction: "lower" | "higher"; tolerance: number },
): GateVerdict {
  const c = candidate[gate.metric];
  const b = baseline[gate.metric];
  if (c === undefined || b === undefined || !Number.isFinite(c) || !Number.isFinite(b)) {
    return { pass: false, reason: `metric "${gate.metric}" missing (candidate ${c}, baseline ${b})`, regression: null };
  }
  const worse = gate.direction === "lower" ? c - b : b - c;
  const regression = worse / Math.max(Math.abs(b), 1e-12);
  const pass = regression <= gate.tolerance;
  const verb = pass ? "within" : "beyond";
  return {
    pass,
    regression,
    reason: `${gate.metric} ${c.toPrecision(5)} vs ${b.toPrecision(5)} (${(regression * 100).toFixed(2)}% worse, ${verb} tolerance ${(gate.tolerance * 100).toFixed(2)}%)`,
  };
}

/** Example-weighted mean of `metric` over reports, or undefined when none has it. */
export function weightedMetric(reports: readonly { numExamples: number; metrics: Record<string, number> }[], metric: string): number | undefined {
  let sum = 0;
  let weight = 0;
  for (const r of reports) {
    const v = r.metrics[metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    sum += v * r.numExamples;
    weight += r.numExamples;
  }
  return weight > 0 ? sum / weight : undefined;
}
