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
      const resumeFrom = input?.lastEventId ? Number(input.lastEventId) : ctx.services.events.latestId();
      const after = Number.isSafeInteger(resumeFrom) && resumeFrom >= 0 ? resumeFrom : ctx.services.events.latestId();
      for await (const stored of ctx.services.events.subscribe(after, signal)) {
        yield tracked(String(stored.id), stored.event);
      }
    }),
});
