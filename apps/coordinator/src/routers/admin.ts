import { ErrorCode, TributaryError, decodeVector, parameterSpecSchema, verifyParameterSpec, versionIdSchema } from "@tributary/protocol";
import { z } from "zod";
import { PRODUCTION } from "../services/round-engine.js";
import { adminProcedure, router } from "../trpc.js";

const listInput = z.object({ limit: z.number().int().positive().max(1000).default(50) }).default({ limit: 50 });

/** The admin API (bearer admin token). */
export const adminRouter = router({
  versions: router({
    list: adminProcedure.input(listInput).query(({ ctx, input }) => ctx.services.repo.versions.list({ limit: input.limit })),
    get: adminProcedure.input(z.object({ version: versionIdSchema })).query(async ({ ctx, input }) => {
      const v = await ctx.services.repo.versions.get(input.version);
      if (!v) throw new TributaryError(ErrorCode.NotFound, `version ${input.version} does not exist`);
      return v;
    }),
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
      const parsed = parameterSpecSchema.safeParse(JSON.parse(rawSpec));
      if (!parsed.success) throw new TributaryError(ErrorCode.BadRequest, "`spec` is not a parameter spec");
      let spec;
      try {
        spec = verifyParameterSpec(parsed.data);
      } catch (cause) {
        throw new TributaryError(ErrorCode.SpecHashMismatch, (cause as Error).message, { cause });
      }
      const decoded = decodeVector(new Uint8Array(await file.arrayBuffer()), { specHash: spec.hash, length: spec.length, kind: "params" });
      const version = await ctx.services.engine.importVersion({
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
    open: adminProcedure.mutation(({ ctx }) => ctx.services.engine.openRound(ctx.actor)),
  }),
  edges: router({
    list: adminProcedure.query(({ ctx }) => ctx.services.repo.edges.list()),
  }),
  audit: router({
    list: adminProcedure.input(listInput).query(({ ctx, input }) => ctx.services.repo.audit.list({ limit: input.limit })),
  }),
});
