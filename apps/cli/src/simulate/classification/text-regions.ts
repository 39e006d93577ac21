import { compareIds, stableHash32, type LabeledText } from "@tributary/datasets";

/** The region of every labeled text; region i is called `names[i]`. */
export interface TextRegions {
  /** The regions that hold at least one text, sorted (numeric ids in numeric order). */
  readonly names: readonly string[];
  /** Per text: its region's index in `names`. */
  readonly region: Int32Array;
}

/**
 * Assigns each text to a region: its own `region` when the record has one, else
 * `region-k` with k a seeded stable hash of the text modulo `regions` (the names
 * partitionUsersByRegion gives hashed regions, so a file may name some records'
 * regions `region-0`… and leave the rest to the hash). The same text always
 * lands in the same region for a seed. `regions` does not matter when every
 * record names its region.
 * @throws RangeError when `regions` is not a positive integer
 */
export function assignTextRegions(texts: readonly LabeledText[], options: { readonly regions: number; readonly seed: number }): TextRegions {
  const { regions, seed } = options;
  if (!Number.isInteger(regions) || regions < 1) throw new RangeError(`regions must be a positive integer, got ${regions}`);
  const named = texts.map((t) => t.region ?? `region-${stableHash32(`${seed}:texts:${t.text}`) % regions}`);
  const names = [...new Set(named)].sort(compareIds);
  const index = new Map(names.map((name, i) => [name, i]));
  return { names, region: Int32Array.from(named, (name) => index.get(name)!) };
}
