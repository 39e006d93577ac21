import { tracked } from "@trpc/server";
import { z } from "zod";
import { edgeProcedure, router } from "../trpc.js";

/** The coordinator's event stream over SSE (releases, rollbacks, round openings). */
export const eventsRouter = router({
  /**
   * Streams events as they happen; after a reconnect, first replays those after
   * `lastEventId` (which the client sends by itself).
   */
  subscribe: edgeProcedure
    .input(z.object({ lastEventId: z.string().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      // A first connection streams from now on (the edge syncs its state right after
      // it is connected); a reconnection resumes after the last event it saw.
      // "Now" is the newest event in the shared log, not this process's last pump (which may lag
      // behind events another coordinator wrote).
      const resumeFrom = input?.lastEventId ? Number(input.lastEventId) : Number.NaN;
      const after = Number.isSafeInteger(resumeFrom) && resumeFrom >= 0 ? resumeFrom : await ctx.services.repo.events.latestId();
      for await (const stored of ctx.services.events.subscribe(after, signal)) {
        yield tracked(String(stored.id), stored.event);
      }
    }),
});
