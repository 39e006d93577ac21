import { type RankingHead, createRankingHead, createSeededRandom } from "@tributary/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InlineTrainer } from "./inline-trainer.js";
import type { LocalTrainer } from "./local-trainer.js";
import { WorkerTrainer } from "./worker-trainer.js";

const DIM = 16;
const ITEMS = 200;
const headOptions = { dim: DIM, hidden: [16], seed: 3 };

function job(n: number) {
  const random = createSeededRandom(9);
  const examples = {
    q: Float32Array.from({ length: n * DIM }, () => random.next() - 0.5),
    dim: DIM,
    items: Int32Array.from({ length: n }, (_, i) => (i * 13) % ITEMS),
    y: Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
  };
  return { examples, config: { epochs: 2, learningRate: 0.02, batchSize: 16, seed: 5 } };
}

/** Event-loop turns (setImmediate callbacks) that ran while `train` was in flight. */
async function turnsDuring(trainer: LocalTrainer, base: Float32Array, n: number): Promise<number> {
  let turns = 0;
  let done = false;
  const { examples, config } = job(n);
  const training = trainer.train(base, examples, config).finally(() => {
    done = true;
  });
  const turn = () => {
    if (done) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  await training;
  return turns;
}

describe("WorkerTrainer", () => {
  let head: RankingHead;
  let worker: WorkerTrainer;
  const catalog = Float32Array.from({ length: ITEMS * DIM }, (_, i) => Math.cos(i));
  beforeAll(async () => {
    head = await createRankingHead(headOptions);
    head.setCatalog(catalog);
    worker = new WorkerTrainer({ head: headOptions, catalog });
  });
  afterAll(async () => {
    await worker?.dispose();
    head?.dispose();
  });

  it("gives the same θ, delta and metrics as training on the caller's thread", async () => {
    const base = head.getParams();
    const { examples, config } = job(300);
    const inline = await new InlineTrainer(head).train(base, examples, config);
    const remote = await worker.train(base, examples, config);
    expect(remote.numExamples).toBe(inline.numExamples);
    expect(Array.from(remote.params)).toEqual(Array.from(inline.params));
    expect(Array.from(remote.delta)).toEqual(Array.from(inline.delta));
    expect(remote.metrics).toEqual(inline.metrics);
  });

  it("leaves the event loop free while it trains (training inline blocks it for the whole job)", async () => {
    const base = head.getParams();
    expect(await turnsDuring(new InlineTrainer(head), base, 2000)).toBe(0);
    expect(await turnsDuring(worker, base, 2000)).toBeGreaterThan(5);
  });

  it("fails a job with the worker's error and keeps working", async () => {
    const base = head.getParams();
    await expect(worker.train(base.subarray(1), job(10).examples, job(10).config)).rejects.toThrow();
    expect((await worker.train(base, job(10).examples, job(10).config)).numExamples).toBe(10);
  });
});
