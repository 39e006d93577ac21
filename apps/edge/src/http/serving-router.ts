import { TRPCError, initTRPC } from "@trpc/server";
import { EdgeError } from "../edge-error.js";
import type { EdgeNode } from "../edge-node.js";

const httpCode = { BAD_FEEDBACK: "BAD_REQUEST", UNKNOWN_ITEM: "BAD_REQUEST", BAD_REQUEST: "BAD_REQUEST", NO_MODEL: "PRECONDITION_FAILED" } as const;

const t = initTRPC.context<{ node: EdgeNode }>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return { ...shape, data: { ...shape.data, edgeCode: cause instanceof EdgeError ? cause.code : null, issues: cause instanceof EdgeError ? cause.issues : null } };
  },
});

/** EdgeErrors become TRPCErrors at the router edge, keeping the cause. */
const procedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof EdgeError) {
    throw new TRPCError({ code: httpCode[result.error.cause.code], message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

/**
 * The edge's serving API over tRPC (inputs are validated by the node, so the
 * same checks apply to the plain JSON routes): `serving.search`,
 * `serving.recommend` (queries) and `serving.feedback` (mutation).
 */
export const servingRouter = t.router({
  serving: t.router({
    search: procedure.input((raw: unknown) => raw).query(({ ctx, input }) => ctx.node.search(input)),
    recommend: procedure.input((raw: unknown) => raw).query(({ ctx, input }) => ctx.node.recommend(input)),
    feedback: procedure.input((raw: unknown) => raw).mutation(({ ctx, input }) => ctx.node.feedback(input)),
  }),
});

/** The serving router's type, for typed clients (`import type`). */
export type EdgeRouter = typeof servingRouter;
