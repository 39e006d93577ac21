import { edgeProcedure, router } from "../trpc.js";

/** What edges may ask about rounds. */
export const roundsRouter = router({
  /** The open round (id, base version, announced config), or null. */
  current: edgeProcedure.query(async ({ ctx }) => {
    const round = await ctx.services.engine.currentRound();
    if (!round) return null;
    const { targetUpdates: _t, strategyConfig: _s, ...config } = round.config as Record<string, unknown>;
    return { roundId: round.id, baseVersion: round.baseVersionId, config };
  }),
});
