// A compute worker of ThreadsBackend (threads-backend.ts). It blocks on a shared
// control word instead of the event loop, so the main thread can dispatch work
// and wait for it synchronously (Strategy.accept/aggregate are synchronous).
// control: Int32Array on a SharedArrayBuffer, [0] task sequence (-1 = exit),
// [1] last finished sequence, [2] 1 when the last task failed, [3] 1 once started.
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import * as kernels from "./kernels.js";

const { control, port, memory, module } = workerData;
// The SIMD sum kernels, over the same shared WebAssembly memory as the main thread.
const wasm = module ? new WebAssembly.Instance(module, { env: { memory } }).exports : null;
Atomics.store(control, 3, 1); // started: the main thread waits for this before the first task
Atomics.notify(control, 3);
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  if (seen === -1) break;
  const received = receiveMessageOnPort(port);
  try {
    if (!received) throw new Error("task signalled but no message arrived");
    run(received.message);
    Atomics.store(control, 2, 0);
  } catch (error) {
    Atomics.store(control, 2, 1);
    port.postMessage(String(error && error.stack ? error.stack : error));
  }
  Atomics.store(control, 1, seen);
  Atomics.notify(control, 1);
}
port.close();

function run(task) {
  const { start, end } = task;
  switch (task.op) {
    case "axpy_f64":
    case "axpy_f32":
    case "assign_f64":
    case "assign_f32":
      return wasm[task.op](task.acc, task.x, task.w, task.n);
    case "axpy":
      return kernels.axpy(task.acc, task.x, task.w, start, end);
    case "scaleAdd":
      return kernels.scaleAdd(task.out, task.base, task.acc, task.scale, start, end);
    case "median":
      return kernels.columnMedian(task.rows, task.count, task.width, task.out, start, end);
    case "trimmedMean":
      return kernels.columnTrimmedMean(task.rows, task.count, task.width, task.trim, task.out, start, end);
    case "distances":
      return kernels.addSquaredDistances(task.rows, task.count, task.width, task.dist, start, end);
    default:
      throw new Error(`unknown task ${task.op}`);
  }
}
