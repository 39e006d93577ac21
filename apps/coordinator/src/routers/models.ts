import { ErrorCode, TributaryError, versionIdSchema } from "@tributary/protocol";
import type { Repository } from "@tributary/db";
import { z } from "zod";
import { PRODUCTION } from "../services/engine-context.js";
import { edgeProcedure, router } from "../trpc.js";

/**
 * Model metadata for edges. The parameters themselves are binary and come from
 * `GET /v1/models/:version/params` (an encoded vector), outside JSON-RPC.
 */
export const modelsRouter = router({
  /** The production version's metadata, or NOT_FOUND before any version exists. */
  production: edgeProcedure.query(async ({ ctx }) => {
    const id = await ctx.services.repo.aliases.get(PRODUCTION);
    if (id === null) throw new TributaryError(ErrorCode.NotFound, "no production version yet");
    return describe(ctx.services.repo, id);
  }),

  /** One version's metadata. */
  get: edgeProcedure.input(z.object({ version: versionIdSchema })).query(({ ctx, input }) => describe(ctx.services.repo, input.version)),
});

async function describe(repo: Repository, id: number) {
  const v = await repo.versions.get(id);
  if (!v) throw new TributaryError(ErrorCode.NotFound, `version ${id} does not exist`);
  return {
    version: v.id,
    parentId: v.parentId,
    specHash: v.specHash,
    spec: v.spec,
    contentHash: v.contentHash,
    numParams: v.numParams,
    paramsPath: `/v1/models/${v.id}/params`,
  };
}
