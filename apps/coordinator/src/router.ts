import { adminRouter } from "./routers/admin.js";
import { edgesRouter } from "./routers/edges.js";
import { evaluationsRouter } from "./routers/evaluations.js";
import { eventsRouter } from "./routers/events.js";
import { modelsRouter } from "./routers/models.js";
import { roundsRouter } from "./routers/rounds.js";
import { updatesRouter } from "./routers/updates.js";
import { router } from "./trpc.js";

/** The coordinator's whole tRPC API: the edge API at the top level, the admin API under `admin`. */
export const appRouter = router({
  edges: edgesRouter,
  models: modelsRouter,
  rounds: roundsRouter,
  updates: updatesRouter,
  evaluations: evaluationsRouter,
  events: eventsRouter,
  admin: adminRouter,
});

/** The router's type: what edge, CLI and web clients import (type only). */
export type AppRouter = typeof appRouter;
