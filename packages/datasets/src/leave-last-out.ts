/**
 * Leave-one-out evaluation split (He et al., 2017, "Neural Collaborative
 * Filtering"): each user's latest interaction is held out for testing.
 */
import { compareInteractions, type Interaction } from "./interaction.js";

/** The split: `test` holds one interaction per eligible user, `train` everything else. */
export interface LeaveLastOutSplit {
  readonly train: Interaction[];
  readonly test: Interaction[];
}

/**
 * Holds out each user's latest interaction (ties broken by item id, the larger
 * last) for users with at least `minInteractions` (default 2); other users stay
 * whole in `train`. Both parts come back in time order.
 */
export function leaveLastOut(interactions: readonly Interaction[], options: { minInteractions?: number } = {}): LeaveLastOutSplit {
  const minInteractions = options.minInteractions ?? 2;
  const sorted = [...interactions].sort(compareInteractions);
  const counts = new Map<string, number>();
  const last = new Map<string, number>();
  sorted.forEach((interaction, index) => {
    counts.set(interaction.userId, (counts.get(interaction.userId) ?? 0) + 1);
    last.set(interaction.userId, index);
  });
  const train: Interaction[] = [];
  const test: Interaction[] = [];
  sorted.forEach((interaction, index) => {
    const held = last.get(interaction.userId) === index && counts.get(interaction.userId)! >= minInteractions;
    (held ? test : train).push(interaction);
  });
  return { train, test };
}
