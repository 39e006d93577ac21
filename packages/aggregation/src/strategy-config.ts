/**
 * Strategy configuration as data (what a round's config names and an admin
 * sets), validated with zod, and the factory that builds the strategy. Server
 * optimizers (fedavgm, fedadam, fedyogi, fedadagrad), adaptive clipping and DP
 * keep state across rounds: build ONE strategy per run and reuse it.
 */
import { ErrorCode, TributaryError } from "@tributary/protocol";
import { z } from "zod";
import { ClippedStrategy } from "./clipped-strategy.js";
import type { ComputeBackend } from "./compute-backend.js";
import { DpGaussianStrategy } from "./dp-gaussian-strategy.js";
import { FedAdagrad } from "./fed-adagrad.js";
import { FedAdam } from "./fed-adam.js";
import { FedAvgM } from "./fed-avg-m.js";
import { FedAvg } from "./fed-avg.js";
import { FedBuff } from "./fed-buff.js";
import { FedMedian } from "./fed-median.js";
import { FedProx } from "./fed-prox.js";
import { FedTrimmedAvg } from "./fed-trimmed-avg.js";
import { FedYogi } from "./fed-yogi.js";
import { FileUpdateStore } from "./file-update-store.js";
import { Krum } from "./krum.js";
import { MultiKrum } from "./multi-krum.js";
import type { MeanDeltaStrategy, Strategy } from "./strategy.js";
import type { UpdateStore } from "./update-store.js";

const positive = z.number().positive().finite();
const unit = z.number().min(0).lt(1);

/** Update-norm clipping: fixed C, or C adapted towards a quantile of the norms. */
export const clippingConfigSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("fixed"), clipNorm: positive }),
  z.object({
    mode: z.literal("adaptive"),
    initialClipNorm: positive,
    targetQuantile: z.number().gt(0).lt(1).default(0.5),
    learningRate: z.number().min(0).default(0.2),
  }),
]);

/** Central Gaussian DP (clips to clipNorm itself, so it excludes `clipping`). */
export const dpConfigSchema = z.object({
  noiseMultiplier: positive,
  clipNorm: positive,
  samplingRate: z.number().gt(0).max(1).default(1),
  expectedUpdates: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
});

const wrappers = { clipping: clippingConfigSchema.optional(), dp: dpConfigSchema.optional() };
/** Element type of the weighted-mean strategies' running sum (default float64). */
const mean = { accumulator: z.enum(["float64", "float32"]).optional() };
const adaptive = { ...mean, serverLearningRate: positive.optional(), beta1: unit.optional(), beta2: unit.optional(), tau: positive.optional() };
const spill = {
  /** Coordinates per chunk when reading spilled updates back. */
  chunkSize: z.number().int().positive().optional(),
  /** Where spill files go (default: the OS temp directory). */
  spillDirectory: z.string().min(1).optional(),
};

/** Strategies whose result is not a weighted mean, so central DP's sensitivity bound does not hold. */
const NOT_MEAN_BASED = ["fedmedian", "fedtrimmedavg", "krum", "multikrum", "fedbuff"];

/** Every strategy and its hyper-parameters, discriminated by `name`. */
export const strategyConfigSchema = z
  .discriminatedUnion("name", [
    z.object({ name: z.literal("fedavg"), ...mean, ...wrappers }),
    z.object({ name: z.literal("fedavgm"), ...mean, serverLearningRate: positive.default(1), serverMomentum: unit.default(0.9), ...wrappers }),
    z.object({ name: z.literal("fedadam"), ...adaptive, ...wrappers }),
    z.object({ name: z.literal("fedyogi"), ...adaptive, ...wrappers }),
    z.object({ name: z.literal("fedadagrad"), ...adaptive, ...wrappers }),
    z.object({ name: z.literal("fedprox"), ...mean, proximalMu: z.number().min(0).finite().default(0.01), ...wrappers }),
    z.object({ name: z.literal("fedmedian"), ...spill, ...wrappers }),
    z.object({ name: z.literal("fedtrimmedavg"), beta: z.number().min(0).lt(0.5).default(0.2), ...spill, ...wrappers }),
    z.object({ name: z.literal("krum"), f: z.number().int().min(0), ...spill, ...wrappers }),
    z.object({ name: z.literal("multikrum"), f: z.number().int().min(0), m: z.number().int().min(1).optional(), ...spill, ...wrappers }),
    z.object({
      name: z.literal("fedbuff"),
      ...mean,
      bufferSize: z.number().int().min(1).default(10),
      serverLearningRate: positive.default(1),
      maxStaleness: z.number().int().min(0).optional(),
      ...wrappers,
    }),
  ])
  .superRefine((config, ctx) => {
    if (config.dp && config.clipping) {
      ctx.addIssue({ code: "custom", path: ["clipping"], message: "dp clips to dp.clipNorm itself; remove clipping" });
    }
    if (config.dp && NOT_MEAN_BASED.includes(config.name)) {
      ctx.addIssue({ code: "custom", path: ["dp"], message: `central DP needs a weighted-mean strategy, not ${config.name}` });
    }
  });

/** A strategy configuration as written (defaults may be left out). */
export type StrategyConfig = z.input<typeof strategyConfigSchema>;
/** A strategy configuration after validation, with defaults filled in. */
export type ParsedStrategyConfig = z.output<typeof strategyConfigSchema>;

/** What {@link createStrategy} builds strategies with, besides their config. */
export interface StrategyDependencies {
  /** Compute backend (default: the process-wide threads backend). */
  readonly backend?: ComputeBackend;
  /** Store for spilling strategies (default: a temp-file store in `spillDirectory`). */
  readonly createUpdateStore?: () => UpdateStore;
}

/**
 * Validates `config` and builds the strategy it names, wrapped in clipping or
 * DP when asked.
 * @throws TributaryError BAD_REQUEST (cause: the ZodError) for an invalid config
 */
export function createStrategy(config: StrategyConfig, dependencies: StrategyDependencies = {}): Strategy {
  const parsed = strategyConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new TributaryError(ErrorCode.BadRequest, `invalid strategy config: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  const c = parsed.data;
  const strategy = build(c, dependencies);
  if (c.dp) return new DpGaussianStrategy(strategy as MeanDeltaStrategy, c.dp);
  if (c.clipping) return new ClippedStrategy(strategy, c.clipping);
  return strategy;
}

function build(c: ParsedStrategyConfig, deps: StrategyDependencies): Strategy {
  const compute = { backend: deps.backend };
  const backend = { ...compute, accumulator: "accumulator" in c ? c.accumulator : undefined };
  const spilled = (s: { chunkSize?: number | undefined; spillDirectory?: string | undefined }) => ({
    ...compute,
    ...(s.chunkSize === undefined ? {} : { chunkSize: s.chunkSize }),
    store: deps.createUpdateStore?.() ?? new FileUpdateStore(s.spillDirectory === undefined ? {} : { directory: s.spillDirectory }),
  });
  switch (c.name) {
    case "fedavg":
      return new FedAvg(backend);
    case "fedavgm":
      return new FedAvgM({ ...backend, serverLearningRate: c.serverLearningRate, serverMomentum: c.serverMomentum });
    case "fedadam":
      return new FedAdam({ ...backend, serverLearningRate: c.serverLearningRate, beta1: c.beta1, beta2: c.beta2, tau: c.tau });
    case "fedyogi":
      return new FedYogi({ ...backend, serverLearningRate: c.serverLearningRate, beta1: c.beta1, beta2: c.beta2, tau: c.tau });
    case "fedadagrad":
      return new FedAdagrad({ ...backend, serverLearningRate: c.serverLearningRate, beta1: c.beta1, beta2: c.beta2, tau: c.tau });
    case "fedprox":
      return new FedProx({ ...backend, proximalMu: c.proximalMu });
    case "fedmedian":
      return new FedMedian(spilled(c));
    case "fedtrimmedavg":
      return new FedTrimmedAvg({ ...spilled(c), beta: c.beta });
    case "krum":
      return new Krum({ ...spilled(c), f: c.f, m: 1 });
    case "multikrum":
      return new MultiKrum({ ...spilled(c), f: c.f, m: c.m });
    case "fedbuff":
      return new FedBuff({ ...backend, bufferSize: c.bufferSize, serverLearningRate: c.serverLearningRate, maxStaleness: c.maxStaleness });
  }
}
