import { strategyConfigSchema } from "@tributary/aggregation";
import { ErrorCode, TributaryError, decodeVector, parameterSpecSchema, verifyParameterSpec, versionIdSchema } from "@tributary/protocol";
import { z } from "zod";
import { autoRollbackSettingsSchema, gateSettingsSchema, roundSettingsSchema } from "../services/coordinator-settings.js";
import { CANDIDATE, PRODUCTION } from "../services/engine-context.js";
import { ALIVE_WINDOW_MS } from "../services/sample-participants.js";
import { adminProcedure, router } from "../trpc.js";

const listInput = z.object({ limit: z.number().int().positive().max(1000).default(50) }).default({ limit: 50 });
const reasonInput = z.string().min(1).max(500);

/** The admin API (bearer admin token; edge tokens are refused). */
export const adminRouter = router({
  /** Liveness of the coordinator and its database. */
  health: adminProcedure.query(async ({ ctx }) => {
    const { repo, engine } = ctx.services;
    const edges = await repo.edges.list();
    return {
      status: "ok" as const,
      production: await repo.aliases.get(PRODUCTION),
      candidate: await repo.aliases.get(CANDIDATE),
      openRound: (await engine.currentRound())?.id ?? null,
      paused: ctx.services.settings().paused,
      edges: edges.length,
      edgesAlive: edges.filter((e) => !e.revokedAt && e.lastSeenAt && Date.now() - e.lastSeenAt.getTime() <= ALIVE_WINDOW_MS).length,
    };
  }),

  versions: router({
    /** Versions, newest first, each with its status (the latest decision, or the alias it holds). */
    list: adminProcedure.input(listInput).query(async ({ ctx, input }) => {
      const { repo } = ctx.services;
      const versions = await repo.versions.list({ limit: input.limit });
      const decisions = await repo.decisions.latest(versions.map((v) => v.id));
      const production = await repo.aliases.get(PRODUCTION);
      return versions.map(({ spec: _spec, ...v }) => ({
        ...v,
        status: v.id === production ? "production" : (decisions.get(v.id)?.decision ?? "candidate"),
        decisionReason: decisions.get(v.id)?.reason ?? null,
      }));
    }),
    /** One version with its lineage, evaluations and decisions. */
    get: adminProcedure.input(z.object({ version: versionIdSchema })).query(async ({ ctx, input }) => {
      const { repo } = ctx.services;
      const v = await repo.versions.get(input.version);
      if (!v) throw new TributaryError(ErrorCode.NotFound, `version ${input.version} does not exist`);
      return { ...v, evaluations: await repo.evaluations.listForVersion(v.id), decisions: await repo.decisions.listForVersion(v.id) };
    }),
    /** Two versions' metrics side by side (training metrics and evaluations), with differences. */
    compare: adminProcedure.input(z.object({ a: versionIdSchema, b: versionIdSchema })).query(async ({ ctx, input }) => {
      const { repo } = ctx.services;
      const load = async (id: number) => {
        const v = await repo.versions.get(id);
        if (!v) throw new TributaryError(ErrorCode.NotFound, `version ${id} does not exist`);
        const evals = await repo.evaluations.listForVersion(id);
        const merged: Record<string, number> = { ...v.metrics };
        for (const e of evals) for (const [k, val] of Object.entries(e.metrics)) merged[`${e.source}.${k}`] = val;
        return { id, parentId: v.parentId, roundId: v.roundId, metrics: merged };
      };
      const [a, b] = [await load(input.a), await load(input.b)];
      const keys = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort();
      return { a, b, diff: Object.fromEntries(keys.map((k) => [k, a.metrics[k] !== undefined && b.metrics[k] !== undefined ? b.metrics[k]! - a.metrics[k]! : null])) };
    }),
    promote: adminProcedure
      .input(z.object({ version: versionIdSchema, reason: reasonInput }))
      .mutation(({ ctx, input }) => ctx.services.releases.promote(input.version, ctx.actor, input.reason)),
    rollback: adminProcedure
      .input(z.object({ to: versionIdSchema, reason: reasonInput }))
      .mutation(({ ctx, input }) => ctx.services.releases.rollback(input.to, ctx.actor, input.reason)),
    /**
     * Imports parameters as a new version (form fields `spec` JSON and `params`, an encoded
     * params vector). The first version ever imported becomes production.
     */
    import: adminProcedure.input(z.instanceof(FormData)).mutation(async ({ ctx, input }) => {
      const rawSpec = input.get("spec");
      const file = input.get("params");
      const reason = input.get("reason");
      if (typeof rawSpec !== "string" || !(file instanceof Blob)) {
        throw new TributaryError(ErrorCode.BadRequest, "expected form fields `spec` (JSON) and `params` (file)");
      }
      let json: unknown;
      try {
        json = JSON.parse(rawSpec);
      } catch (cause) {
        throw new TributaryError(ErrorCode.BadRequest, "`spec` is not valid JSON", { cause });
      }
      const parsed = parameterSpecSchema.safeParse(json);
      if (!parsed.success) throw new TributaryError(ErrorCode.BadRequest, "`spec` is not a parameter spec");
      let spec;
      try {
        spec = verifyParameterSpec(parsed.data);
      } catch (cause) {
        throw new TributaryError(ErrorCode.SpecHashMismatch, (cause as Error).message, { cause });
      }
      const decoded = decodeVector(new Uint8Array(await file.arrayBuffer()), { specHash: spec.hash, length: spec.length, kind: "params" });
      const version = await ctx.services.releases.importVersion({
        spec,
        params: decoded.values,
        actor: ctx.actor,
        reason: typeof reason === "string" && reason.length > 0 ? reason : "import",
      });
      return { version: version.id, contentHash: version.contentHash };
    }),
  }),

  aliases: router({
    get: adminProcedure.input(z.object({ name: z.string().default(PRODUCTION) })).query(({ ctx, input }) => ctx.services.repo.aliases.get(input.name)),
    history: adminProcedure.input(z.object({ name: z.string().default(PRODUCTION) })).query(({ ctx, input }) => ctx.services.repo.aliases.history(input.name)),
  }),

  rounds: router({
    list: adminProcedure.input(listInput).query(({ ctx, input }) => ctx.services.repo.rounds.list({ limit: input.limit })),
    get: adminProcedure.input(z.object({ round: z.number().int().positive() })).query(async ({ ctx, input }) => {
      const r = await ctx.services.repo.rounds.get(input.round);
      if (!r) throw new TributaryError(ErrorCode.NotFound, `round ${input.round} does not exist`);
      return { ...r, updates: await ctx.services.repo.updates.listForRound(r.id) };
    }),
    open: adminProcedure.mutation(({ ctx }) => ctx.services.engine.open(ctx.actor)),
    /** Closes a round now with the updates it has (at least its minimum), or fails it. */
    close: adminProcedure.input(z.object({ round: z.number().int().positive() })).mutation(async ({ ctx, input }) => {
      const result = await ctx.services.engine.close(input.round, ctx.actor, true);
      if (!result) throw new TributaryError(ErrorCode.RoundNotOpen, `round ${input.round} is not open`);
      return result;
    }),
    /** Pauses training: no round opens and no update is taken until resume. */
    pause: adminProcedure.mutation(async ({ ctx }) => ({ paused: (await ctx.services.updateSettings({ paused: true }, ctx.actor)).paused })),
    resume: adminProcedure.mutation(async ({ ctx }) => ({ paused: (await ctx.services.updateSettings({ paused: false }, ctx.actor)).paused })),
  }),

  edges: router({
    list: adminProcedure.query(({ ctx }) => ctx.services.repo.edges.list()),
    /** Per edge: alive (seen in the last 2 minutes), seconds since seen, and the version its live metrics last named. */
    health: adminProcedure.query(async ({ ctx }) => {
      const edges = await ctx.services.repo.edges.list();
      return edges.map((e) => {
        const seconds = e.lastSeenAt ? (Date.now() - e.lastSeenAt.getTime()) / 1000 : null;
        return {
          id: e.id,
          name: e.name,
          region: e.region,
          revoked: e.revokedAt !== null,
          alive: !e.revokedAt && seconds !== null && seconds * 1000 <= ALIVE_WINDOW_MS,
          secondsSinceSeen: seconds,
        };
      });
    }),
    revoke: adminProcedure.input(z.object({ edgeId: z.string().min(1), reason: reasonInput })).mutation(async ({ ctx, input }) => {
      const revoked = await ctx.services.repo.transaction(async (tx) => {
        const ok = await tx.edges.revoke(input.edgeId);
        if (ok) await tx.audit.append({ actor: ctx.actor, action: "edge.revoke", targetType: "edge", targetId: input.edgeId, details: { reason: input.reason } });
        return ok;
      });
      if (!revoked) throw new TributaryError(ErrorCode.NotFound, `edge ${input.edgeId} does not exist or is already revoked`);
      return { revoked: input.edgeId };
    }),
  }),

  strategy: router({
    /** The settings the next rounds use: strategy, round settings, gate, auto-rollback, norm bound. */
    get: adminProcedure.query(({ ctx }) => ctx.services.settings()),
    set: adminProcedure
      .input(
        z.object({
          strategy: strategyConfigSchema.optional(),
          round: roundSettingsSchema.partial().optional(),
          gate: gateSettingsSchema.partial().optional(),
          autoRollback: autoRollbackSettingsSchema.partial().optional(),
          maxDeltaNorm: z.number().positive().nullable().optional(),
        }),
      )
      .mutation(({ ctx, input }) => ctx.services.updateSettings(input, ctx.actor)),
  }),

  audit: router({
    list: adminProcedure.input(listInput).query(({ ctx, input }) => ctx.services.repo.audit.list({ limit: input.limit })),
  }),

  drift: router({
    list: adminProcedure.input(listInput).query(({ ctx, input }) => ctx.services.repo.telemetry.listDrift({ limit: input.limit })),
  }),
});
