import { createSeededRandom } from "@tributary/model";
import type { DriftDetector } from "./drift-detector.js";

/** A Bernoulli(p) error stream whose p jumps from `before` to `after` at `changeAt`. */
export function bernoulliStream(n: number, changeAt: number, before: number, after: number, seed: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, (_, t) => (random.next() < (t < changeAt ? before : after) ? 1 : 0));
}

/** A Gaussian loss stream (Box–Muller) whose mean jumps at `changeAt`. */
export function gaussianStream(n: number, changeAt: number, before: number, after: number, sd: number, seed: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, (_, t) => {
    const z = Math.sqrt(-2 * Math.log(Math.max(random.next(), 1e-12))) * Math.cos(2 * Math.PI * random.next());
    return (t < changeAt ? before : after) + sd * z;
  });
}

/** Indices at which the detector alarmed. */
export function alarms(detector: DriftDetector, stream: readonly number[]): number[] {
  const out: number[] = [];
  stream.forEach((x, t) => {
    if (detector.update(x)) out.push(t);
  });
  return out;
}
