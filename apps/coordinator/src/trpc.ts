import { TRPCError, initTRPC, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ErrorCode, TributaryError } from "@tributary/protocol";
import type { EdgeRow } from "@tributary/db";
import { ZodError } from "zod";
import type { CoordinatorContext } from "./context.js";
import { bearerToken, hashToken, secretsEqual } from "./services/tokens.js";

const httpCodeOf: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  [ErrorCode.BadMagic]: "BAD_REQUEST",
  [ErrorCode.UnsupportedFormatVersion]: "BAD_REQUEST",
  [ErrorCode.UnknownDtype]: "BAD_REQUEST",
  [ErrorCode.Truncated]: "BAD_REQUEST",
  [ErrorCode.LengthMismatch]: "BAD_REQUEST",
  [ErrorCode.ChecksumMismatch]: "BAD_REQUEST",
  [ErrorCode.SpecHashMismatch]: "BAD_REQUEST",
  [ErrorCode.NonFinite]: "BAD_REQUEST",
  [ErrorCode.BadRequest]: "BAD_REQUEST",
  [ErrorCode.BaseVersionMismatch]: "CONFLICT",
  [ErrorCode.RoundNotOpen]: "CONFLICT",
  [ErrorCode.AlreadySubmitted]: "CONFLICT",
  [ErrorCode.Conflict]: "CONFLICT",
  [ErrorCode.Unauthorized]: "UNAUTHORIZED",
  [ErrorCode.NotFound]: "NOT_FOUND",
  [ErrorCode.Forbidden]: "FORBIDDEN",
  [ErrorCode.StaleUpdate]: "CONFLICT",
  [ErrorCode.NormBoundExceeded]: "BAD_REQUEST",
  [ErrorCode.Paused]: "CONFLICT",
  [ErrorCode.NotAParticipant]: "FORBIDDEN",
  [ErrorCode.Revoked]: "FORBIDDEN",
};

const t = initTRPC.context<CoordinatorContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        /** The stable Tributary error code clients match on, or null. */
        tributaryCode: cause instanceof TributaryError ? cause.code : error.code === "BAD_REQUEST" ? ErrorCode.BadRequest : null,
        zodIssues: cause instanceof ZodError ? cause.issues : null,
      },
    };
  },
});

/** Domain errors become TRPCErrors here, at the router edge, keeping the cause. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof TributaryError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: httpCodeOf[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone may call it. */
export const publicProcedure = t.procedure.use(domainErrors);

/** Needs `Authorization: Bearer <edge token>` of a registered, unrevoked edge. */
export const edgeProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = bearerToken(ctx.authorization);
  const edge: EdgeRow | null = token ? await ctx.services.repo.edges.findAnyByTokenHash(hashToken(token)) : null;
  if (!edge) throw new TributaryError(ErrorCode.Unauthorized, "missing or unknown edge token");
  if (edge.revokedAt) throw new TributaryError(ErrorCode.Revoked, `edge ${edge.name} was revoked at ${edge.revokedAt.toISOString()}`);
  await ctx.services.repo.edges.touch(edge.id);
  return next({ ctx: { ...ctx, edge } });
});

/** Needs `Authorization: Bearer <admin token>`; refused outright when no admin token is configured. */
export const adminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = bearerToken(ctx.authorization);
  const expected = ctx.services.config.adminToken;
  if (!expected || !token || !secretsEqual(token, expected)) {
    throw new TributaryError(ErrorCode.Unauthorized, "missing or wrong admin token");
  }
  return next({ ctx: { ...ctx, actor: "admin" } });
});
