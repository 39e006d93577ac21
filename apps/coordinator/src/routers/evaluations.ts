import { evaluationInputSchema } from "@tributary/protocol";
import { edgeProcedure, router } from "../trpc.js";

/** Federated evaluation: edges report a candidate's metrics beside production's on their held-out data. */
export const evaluationsRouter = router({
  submit: edgeProcedure.input(evaluationInputSchema).mutation(({ ctx, input }) => ctx.services.releases.submitEvaluation(ctx.edge, input)),
});
