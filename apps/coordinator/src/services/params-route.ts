import type http from "node:http";
import { ErrorCode, TributaryError, encodeVector, isTributaryError } from "@tributary/protocol";
import type { CoordinatorServices } from "../context.js";
import { bearerToken, hashToken, secretsEqual } from "./tokens.js";

/**
 * `GET /v1/models/:version/params[?base=N]`: the version's parameters as an
 * encoded vector (kind "params"), or with `base` the delta θ_version − θ_base
 * (kind "delta", base version N) for an edge that already holds N. Needs an
 * edge or admin bearer token.
 */
export function serveParams(services: CoordinatorServices, req: http.IncomingMessage, res: http.ServerResponse, version: number, base: string | null): void {
  encode(services, version, base, req.headers.authorization).then(
    (bytes) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
      res.end(bytes);
    },
    (error: unknown) => {
      const code = isTributaryError(error) ? error.code : "INTERNAL";
      const status = code === ErrorCode.Unauthorized ? 401 : code === ErrorCode.NotFound ? 404 : code === "INTERNAL" ? 500 : 400;
      if (status === 500) services.log.error({ err: error }, "params download failed");
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code, message: (error as Error).message } }));
    },
  );
}

async function encode(services: CoordinatorServices, version: number, base: string | null, authorization: string | undefined): Promise<Uint8Array> {
  const token = bearerToken(authorization);
  const { repo, config } = services;
  const isAdmin = token !== null && config.adminToken !== null && secretsEqual(token, config.adminToken);
  if (!isAdmin && (!token || !(await repo.edges.findByTokenHash(hashToken(token))))) {
    throw new TributaryError(ErrorCode.Unauthorized, "missing, unknown or revoked token");
  }
  const row = await repo.versions.get(version);
  if (!row) throw new TributaryError(ErrorCode.NotFound, `version ${version} does not exist`);
  const params = await repo.versions.loadParams(version);
  if (base === null) return encodeVector(params, { kind: "params", specHash: row.specHash, baseVersion: row.id });
  const baseId = Number(base);
  const baseRow = Number.isSafeInteger(baseId) ? await repo.versions.get(baseId) : null;
  if (!baseRow) throw new TributaryError(ErrorCode.NotFound, `base version ${base} does not exist`);
  if (baseRow.specHash !== row.specHash) throw new TributaryError(ErrorCode.SpecHashMismatch, `versions ${baseId} and ${version} have different parameter specs`);
  const baseParams = await repo.versions.loadParams(baseId);
  const delta = new Float32Array(params.length);
  for (let i = 0; i < delta.length; i++) delta[i] = params[i]! - baseParams[i]!;
  return encodeVector(delta, { kind: "delta", specHash: row.specHash, baseVersion: baseId });
}
