import { edgeProcedure, router } from "../trpc.js";

/** What edges may ask about rounds. */
export const roundsRouter = router({
  /** The open round (id, base version, config), or null. */
  current: edgeProcedure.query(({ ctx }) => {
    const round = ctx.services.engine.currentRound();
    return round ? { roundId: round.id, baseVersion: round.baseVersionId, config: round.config } : null;
  }),
});
