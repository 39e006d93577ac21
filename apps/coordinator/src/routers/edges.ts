import { ErrorCode, TributaryError, driftReportInputSchema, liveMetricsInputSchema, registerEdgeInputSchema } from "@tributary/protocol";
import { PRODUCTION } from "../services/engine-context.js";
import { hashToken, newEdgeToken, secretsEqual } from "../services/tokens.js";
import { edgeProcedure, publicProcedure, router } from "../trpc.js";

/** Edge lifecycle and telemetry: registration with the bootstrap secret, heartbeat, live metrics, drift. */
export const edgesRouter = router({
  /** Trades the bootstrap secret for a per-edge token, returned once and stored hashed. */
  register: publicProcedure.input(registerEdgeInputSchema).mutation(async ({ ctx, input }) => {
    const secret = ctx.services.config.bootstrapSecret;
    if (!secret || !secretsEqual(input.bootstrapSecret, secret)) {
      throw new TributaryError(ErrorCode.Unauthorized, "wrong bootstrap secret (or registration is closed)");
    }
    const token = newEdgeToken();
    const edge = await ctx.services.repo.transaction(async (tx) => {
      const created = await tx.edges.create({ name: input.name, region: input.region, tokenHash: hashToken(token) });
      await tx.edges.touch(created.id);
      await tx.audit.append({ actor: `edge:${created.id}`, action: "edge.register", targetType: "edge", targetId: created.id, details: { name: created.name, region: created.region } });
      return created;
    });
    return { edgeId: edge.id, token };
  }),

  /** Liveness ping; answers with what the edge should be serving. */
  heartbeat: edgeProcedure.mutation(async ({ ctx }) => {
    const round = await ctx.services.engine.currentRound();
    return {
      edgeId: ctx.edge.id,
      productionVersion: await ctx.services.repo.aliases.get(PRODUCTION),
      openRound: round?.id ?? null,
      roundMode: ctx.services.settings().round.mode,
      paused: ctx.services.settings().paused,
      serverTime: new Date().toISOString(),
    };
  }),

  /** Live metrics of the version the edge serves; may trigger an automatic rollback. */
  reportMetrics: edgeProcedure.input(liveMetricsInputSchema).mutation(async ({ ctx, input }) => ({
    rolledBackTo: await ctx.services.releases.reportLiveMetrics(ctx.edge, input),
  })),

  /** A drift detector fired at the edge; visible through `admin.drift.list`. */
  reportDrift: edgeProcedure.input(driftReportInputSchema).mutation(async ({ ctx, input }) => {
    const row = await ctx.services.repo.telemetry.recordDrift({
      edgeId: ctx.edge.id,
      detector: input.detector,
      statistic: input.statistic,
      threshold: input.threshold,
      versionId: input.version,
      details: { ...input.details, reportedAt: input.at },
    });
    ctx.services.log.warn({ edge: ctx.edge.name, detector: input.detector, statistic: input.statistic }, "drift reported");
    return { id: row.id };
  }),
});
