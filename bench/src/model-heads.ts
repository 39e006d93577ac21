/**
 * Head-side figures for `npm run bench:model`: how fast the ranking head
 * trains (localTrain examples/s) and how long scoring a cached catalog takes
 * for one query (p50/p99 ms), each beside a baseline measured in the same run.
 */
import { createRankingHead, createSeededRandom, localTrain, type RankingExamples } from "@tributary/model";

/** One measured figure: `name` for the table, `key` for the closing JSON line. */
export interface BenchFigure {
  key: string;
  name: string;
  value: number;
  unit: string;
}

/** Options for {@link benchRankingTraining}. */
export interface RankingTrainingBenchOptions {
  /** Vector dimension; default 512 (the default encoder's). */
  dim?: number;
  hidden?: number[];
  examples?: number;
  batchSize?: number;
  epochs?: number;
}

/**
 * Ranking-head training throughput: examples/s through localTrain (forward,
 * backward, Adam) after one warm-up run, with L2 and dropout on as the edge
 * trains. Also the forward-only throughput (evaluate) as the baseline.
 */
export async function benchRankingTraining(options: RankingTrainingBenchOptions = {}): Promise<BenchFigure[]> {
  const { dim = 512, hidden = [64], examples = 4096, batchSize = 64, epochs = 2 } = options;
  const head = await createRankingHead({ dim, hidden, seed: 1 });
  try {
    const data = randomPairs(examples, dim, 2);
    const base = head.getParams();
    const config = { learningRate: 1e-3, batchSize, seed: 3, l2: 1e-4, dropout: 0.1 };
    await localTrain(head, base, randomPairs(batchSize * 4, dim, 4), { ...config, epochs: 1 });
    const start = performance.now();
    // localTrain evaluates the training set twice (before and after); measure those to subtract.
    await localTrain(head, base, data, { ...config, epochs });
    const trainMs = performance.now() - start;
    const evalStart = performance.now();
    head.evaluate(data);
    const evalMs = performance.now() - evalStart;
    const stepMs = Math.max(1e-9, trainMs - 2 * evalMs);
    return [
      { key: "rankingTrainExamplesPerSec", name: `ranking head training (dim ${dim}, hidden [${hidden}], batch ${batchSize})`, value: (examples * epochs) / (stepMs / 1000), unit: "examples/s" },
      { key: "rankingForwardExamplesPerSec", name: "ranking head forward only (baseline)", value: examples / (evalMs / 1000), unit: "examples/s" },
    ];
  } finally {
    head.dispose();
  }
}

/** Options for {@link benchCatalogScoring}. */
export interface CatalogScoringBenchOptions {
  dim?: number;
  hidden?: number[];
  items?: number;
  queries?: number;
}

/**
 * Latency to score a cached catalog (default 10,000 items) for one query
 * with RankingHead.scoreItems, p50 and p99 over `queries` runs after warm-up.
 * Baselines in the same run: a plain-JS dot product over the same catalog (a
 * memory-bound floor for any scorer) and the naive path that builds the
 * [q, d, q⊙d, |q−d|] features for every item (predict).
 */
export async function benchCatalogScoring(options: CatalogScoringBenchOptions = {}): Promise<BenchFigure[]> {
  const { dim = 512, hidden = [64], items = 10_000, queries = 200 } = options;
  const head = await createRankingHead({ dim, hidden, seed: 5 });
  try {
    const random = createSeededRandom(6);
    const catalog = Float32Array.from({ length: items * dim }, () => random.next() * 2 - 1);
    head.setCatalog(catalog);
    const query = () => Float32Array.from({ length: dim }, () => random.next() * 2 - 1);
    timings(10, () => head.scoreItems(query())); // warm-up: kernels compiled, catalog resident
    const scored = percentiles(timings(queries, () => head.scoreItems(query())));
    const dot = percentiles(
      timings(Math.min(queries, 50), () => {
        const q = query();
        const out = new Float32Array(items);
        for (let i = 0; i < items; i++) {
          let s = 0;
          for (let j = 0; j < dim; j++) s += q[j]! * catalog[i * dim + j]!;
          out[i] = s;
        }
        return out;
      }),
    );
    const allItems = Int32Array.from({ length: items }, (_, i) => i);
    const naive = percentiles(
      timings(Math.min(queries, 10), () => {
        const q = query();
        const qs = new Float32Array(items * dim);
        for (let i = 0; i < items; i++) qs.set(q, i * dim);
        return head.predict({ q: qs, items: allItems, dim, y: new Float32Array(items) });
      }),
    );
    return [
      { key: "scoreItemsP50Ms", name: `score ${items} cached items, one query: p50`, value: scored.p50, unit: "ms" },
      { key: "scoreItemsP99Ms", name: `score ${items} cached items, one query: p99`, value: scored.p99, unit: "ms" },
      { key: "dotProductP50Ms", name: "baseline: plain-JS dot product over the catalog, p50", value: dot.p50, unit: "ms" },
      { key: "naiveFeaturesP50Ms", name: "baseline: per-item [q,d,q⊙d,|q−d|] features (predict), p50", value: naive.p50, unit: "ms" },
    ];
  } finally {
    head.dispose();
  }
}

function randomPairs(n: number, dim: number, seed: number): RankingExamples {
  const r = createSeededRandom(seed);
  const q = Float32Array.from({ length: n * dim }, () => r.next() * 2 - 1);
  const d = Float32Array.from({ length: n * dim }, () => r.next() * 2 - 1);
  const y = Int32Array.from({ length: n }, () => (r.next() < 0.3 ? 1 : 0));
  return { q, d, dim, y };
}

function timings(runs: number, f: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    out.push(performance.now() - start);
  }
  return out;
}

/** Nearest-rank percentiles. */
function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99) };
}
