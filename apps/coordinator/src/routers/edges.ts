import { ErrorCode, TributaryError, registerEdgeInputSchema } from "@tributary/protocol";
import { newEdgeToken, hashToken, secretsEqual } from "../services/tokens.js";
import { PRODUCTION } from "../services/round-engine.js";
import { edgeProcedure, publicProcedure, router } from "../trpc.js";

/** Edge lifecycle: registration with the bootstrap secret, heartbeat. */
export const edgesRouter = router({
  /** Trades the bootstrap secret for a per-edge token, returned once and stored hashed. */
  register: publicProcedure.input(registerEdgeInputSchema).mutation(async ({ ctx, input }) => {
    const secret = ctx.services.config.bootstrapSecret;
    if (!secret || !secretsEqual(input.bootstrapSecret, secret)) {
      throw new TributaryError(ErrorCode.Unauthorized, "wrong bootstrap secret (or registration is closed)");
    }
    const token = newEdgeToken();
    const edge = await ctx.services.repo.edges.create({ name: input.name, region: input.region, tokenHash: hashToken(token) });
    await ctx.services.repo.audit.append({ actor: `edge:${edge.id}`, action: "edge.register", targetType: "edge", targetId: edge.id, details: { name: edge.name, region: edge.region } });
    return { edgeId: edge.id, token };
  }),

  /** Liveness ping; answers with what the edge should be serving. */
  heartbeat: edgeProcedure.mutation(async ({ ctx }) => ({
    edgeId: ctx.edge.id,
    productionVersion: await ctx.services.repo.aliases.get(PRODUCTION),
    openRound: ctx.services.engine.currentRound()?.id ?? null,
    serverTime: new Date().toISOString(),
  })),
});
