export type { ClientParams, ClientUpdate, EncodedUpdateMeta, MeanDeltaStrategy, RoundContext, Strategy } from "./strategy.js";
export { acceptEncoded } from "./accept-encoded.js";
export { aggregateInPlace } from "./aggregate-in-place.js";
export { FedAvg, fedAvg, type MeanStrategyOptions } from "./fed-avg.js";
export { FedAvgM, type FedAvgMOptions } from "./fed-avg-m.js";
export { ServerOptimizerStrategy } from "./server-optimizer.js";
export { FedOpt, type FedOptOptions } from "./fed-opt.js";
export { FedAdam } from "./fed-adam.js";
export { FedYogi } from "./fed-yogi.js";
export { FedAdagrad } from "./fed-adagrad.js";
export { FedProx, type FedProxOptions } from "./fed-prox.js";
export { FedBuff, stalenessWeight, type FedBuffOptions } from "./fed-buff.js";
export { SpillingStrategy, type SpillingOptions } from "./spilling-strategy.js";
export { FedMedian, fedMedian } from "./fed-median.js";
export { FedTrimmedAvg, fedTrimmedAvg, type FedTrimmedAvgOptions } from "./fed-trimmed-avg.js";
export { Krum, krum, krumScores, type KrumOptions } from "./krum.js";
export { MultiKrum } from "./multi-krum.js";
export { MemoryUpdateStore, type UpdateStore } from "./update-store.js";
export { FileUpdateStore, type FileUpdateStoreOptions } from "./file-update-store.js";
export { ClippedStrategy, clipToNorm, l2Norm, type ClippingConfig } from "./clipped-strategy.js";
export { DpGaussianStrategy, type DpGaussianOptions } from "./dp-gaussian-strategy.js";
export { DEFAULT_RDP_ORDERS, RdpAccountant, rdpToEpsilon, sampledGaussianRdp } from "./rdp-accountant.js";
export { SeededRandom } from "./seeded-random.js";
export {
  type AccumulatorPrecision,
  type ComputeBackend,
  type ComputeBackendConfig,
  type SumAccumulator,
  ComputeBackendKind,
  computeBackendConfigSchema,
  createComputeBackend,
} from "./compute-backend.js";
export { ThreadsBackend, defaultComputeBackend, type ThreadsBackendOptions } from "./threads-backend.js";
export {
  type ParsedStrategyConfig,
  type StrategyConfig,
  type StrategyDependencies,
  clippingConfigSchema,
  createStrategy,
  dpConfigSchema,
  strategyConfigSchema,
} from "./strategy-config.js";
