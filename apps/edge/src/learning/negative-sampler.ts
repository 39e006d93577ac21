/** Options of {@link sampleNegatives}. */
export interface NegativeSampleOptions {
  /** Items to draw from: indices 0 … catalogSize − 1. */
  readonly catalogSize: number;
  /** Negatives wanted (fewer when too few items are left to draw from). */
  readonly count: number;
  /** Items never to draw: every positive of the user (what they clicked, bought or rated well). */
  readonly exclude: ReadonlySet<number>;
  /** Uniform [0, 1); a seeded source makes the draw reproducible. */
  readonly random: () => number;
}

/**
 * Negatives for implicit feedback: a click or purchase says what a user
 * wanted, not what they did not; uniform random catalog items the user has
 * not shown interest in stand in as label-0 examples (the standard
 * sampled-negative scheme of implicit-feedback recommenders, e.g. Rendle et
 * al., "BPR", UAI 2009).
 * @returns distinct item indices, none in `exclude`, in draw order
 */
export function sampleNegatives(options: NegativeSampleOptions): number[] {
  const { catalogSize, exclude, random } = options;
  let allowed = catalogSize;
  for (const i of exclude) if (i >= 0 && i < catalogSize) allowed--;
  const want = Math.max(0, Math.min(options.count, allowed));
  const out = new Set<number>();
  // Rejection sampling while the allowed share is large; a scan of what is left otherwise.
  for (let tries = 0; out.size < want && tries < want * 20; tries++) {
    const i = Math.floor(random() * catalogSize);
    if (!exclude.has(i)) out.add(i);
  }
  if (out.size < want) {
    const rest: number[] = [];
    for (let i = 0; i < catalogSize; i++) if (!exclude.has(i) && !out.has(i)) rest.push(i);
    while (out.size < want) out.add(rest.splice(Math.floor(random() * rest.length), 1)[0]!);
  }
  return [...out];
}
