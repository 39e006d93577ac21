/**
 * Negatives for implicit feedback: a click or purchase says what a user
 * wanted, not what they did not; uniform random catalog items stand in as
 * label-0 examples (the standard sampled-negative scheme of implicit-feedback
 * recommenders, e.g. Rendle et al., "BPR", UAI 2009).
 * @param positive the item to avoid
 * @param catalogSize items to draw from
 * @param count negatives wanted (fewer when the catalog is tiny)
 * @param random uniform [0, 1)
 * @returns distinct item indices ≠ positive
 */
export function sampleNegatives(positive: number, catalogSize: number, count: number, random: () => number): number[] {
  const want = Math.min(count, catalogSize - 1);
  const out = new Set<number>();
  for (let tries = 0; out.size < want && tries < want * 20; tries++) {
    const i = Math.floor(random() * catalogSize);
    if (i !== positive) out.add(i);
  }
  return [...out];
}
