/**
 * The worker-thread side of {@link WorkerTrainer}: builds its own ranking head
 * from `workerData` and answers one training job per message.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createRankingHead, localTrain } from "@tributary/model";
import type { TrainingJob, TrainingReply, TrainingWorkerData } from "./worker-trainer.js";

const init = workerData as TrainingWorkerData;
const head = await createRankingHead(init.head);
head.setCatalog(init.catalog);
const port = parentPort!;
port.on("message", (job: TrainingJob) => {
  void localTrain(head, job.base, job.examples, job.config).then(
    (result) => port.postMessage({ id: job.id, result } satisfies TrainingReply, [result.params.buffer as ArrayBuffer, result.delta.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies TrainingReply),
  );
});
port.postMessage({ id: 0, ready: true } satisfies TrainingReply);
