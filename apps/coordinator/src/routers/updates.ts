import { ErrorCode, TributaryError, updateMetaSchema } from "@tributary/protocol";
import { z } from "zod";
import { edgeProcedure, router } from "../trpc.js";

/**
 * The push of one delta: multipart form data with a `meta` field (JSON,
 * {@link updateMetaSchema}) and a `delta` file (an encoded vector).
 */
export const updatesRouter = router({
  push: edgeProcedure.input(z.instanceof(FormData)).mutation(async ({ ctx, input }) => {
    const rawMeta = input.get("meta");
    const delta = input.get("delta");
    if (typeof rawMeta !== "string" || !(delta instanceof Blob)) {
      throw new TributaryError(ErrorCode.BadRequest, "expected form fields `meta` (JSON) and `delta` (file)");
    }
    let json: unknown;
    try {
      json = JSON.parse(rawMeta);
    } catch (cause) {
      throw new TributaryError(ErrorCode.BadRequest, "`meta` is not valid JSON", { cause });
    }
    const meta = updateMetaSchema.safeParse(json);
    if (!meta.success) throw new TributaryError(ErrorCode.BadRequest, `bad update meta: ${meta.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    const body = new Uint8Array(await delta.arrayBuffer());
    return ctx.services.engine.push(ctx.edge, meta.data, body);
  }),
});
