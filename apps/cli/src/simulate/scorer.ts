import type { TestCase } from "./test-cases.js";

/** What evaluation needs from a method: scores for test cases' candidates and for the whole catalog. */
export interface Scorer {
  /** Per case, one score per candidate (higher = more relevant). */
  scoreCandidates(cases: readonly TestCase[]): Float32Array[];
  /** One score per catalog item for the case's user. */
  scoreCatalog(testCase: TestCase): Float32Array;
}
