import { ErrorCode, TributaryError } from "@tributary/protocol";
import { describe, expect, it } from "vitest";
import { ClippedStrategy } from "./clipped-strategy.js";
import { DpGaussianStrategy } from "./dp-gaussian-strategy.js";
import { type FedAvgM } from "./fed-avg-m.js";
import { type FedProx } from "./fed-prox.js";
import { type MultiKrum } from "./multi-krum.js";
import { type StrategyConfig, createStrategy, strategyConfigSchema } from "./strategy-config.js";
import { MemoryUpdateStore } from "./update-store.js";

const all: StrategyConfig[] = [
  { name: "fedavg" },
  { name: "fedavgm" },
  { name: "fedadam", serverLearningRate: 0.05 },
  { name: "fedyogi" },
  { name: "fedadagrad" },
  { name: "fedprox", proximalMu: 0.1 },
  { name: "fedmedian" },
  { name: "fedtrimmedavg", beta: 0.1 },
  { name: "krum", f: 1 },
  { name: "multikrum", f: 1, m: 3 },
  { name: "fedbuff", bufferSize: 4 },
];

describe("createStrategy", () => {
  it.each(all)("builds $name under that name", (config) => {
    const s = createStrategy(config, { createUpdateStore: () => new MemoryUpdateStore() });
    expect(s.name).toBe(config.name);
    s.dispose?.();
  });

  it("fills defaults and passes options through", () => {
    expect(strategyConfigSchema.parse({ name: "fedavgm" })).toEqual({ name: "fedavgm", serverLearningRate: 1, serverMomentum: 0.9 });
    const m = createStrategy({ name: "fedavgm", serverMomentum: 0.5 }) as FedAvgM;
    expect(m.serverMomentum).toBe(0.5);
    expect((createStrategy({ name: "fedprox", proximalMu: 0.3 }) as FedProx).proximalMu).toBe(0.3);
    expect((createStrategy({ name: "multikrum", f: 2 }) as MultiKrum).minUpdates).toBe(7);
    const single = createStrategy({ name: "fedavg", accumulator: "float32" });
    single.begin({ base: Float32Array.from([1]), baseVersion: 1, roundId: 1 });
    single.accept({ edgeId: "e", delta: Float32Array.from([0.5]), numExamples: 2, baseVersion: 1, staleness: 0 });
    expect(Array.from(single.aggregate()!)).toEqual([1.5]);
  });

  it("wraps in clipping or DP", () => {
    const clipped = createStrategy({ name: "fedavg", clipping: { mode: "adaptive", initialClipNorm: 2 } });
    expect(clipped).toBeInstanceOf(ClippedStrategy);
    expect(clipped.name).toBe("fedavg+clip");
    const dp = createStrategy({ name: "fedadam", dp: { noiseMultiplier: 1.1, clipNorm: 1, samplingRate: 0.1, seed: 1 } });
    expect(dp).toBeInstanceOf(DpGaussianStrategy);
    expect(dp.name).toBe("fedadam+dp");
  });

  it.each([
    [{ name: "nope" }],
    [{ name: "krum" }],
    [{ name: "fedtrimmedavg", beta: 0.5 }],
    [{ name: "fedavg", dp: { noiseMultiplier: 1, clipNorm: 1 }, clipping: { mode: "fixed", clipNorm: 1 } }],
    [{ name: "krum", f: 1, dp: { noiseMultiplier: 1, clipNorm: 1 } }],
    [{ name: "fedavg", dp: { noiseMultiplier: 0, clipNorm: 1 } }],
  ])("refuses %j with BAD_REQUEST", (config) => {
    let error: unknown;
    try {
      createStrategy(config as StrategyConfig);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TributaryError);
    expect((error as TributaryError).code).toBe(ErrorCode.BadRequest);
  });
});
