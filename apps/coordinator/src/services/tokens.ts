import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new random bearer token for an edge (shown once, stored only as its hash). */
export function newEdgeToken(): string {
  return `trb_${randomBytes(32).toString("base64url")}`;
}

/** SHA-256 hex of a token: what the database keeps. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time string comparison for secrets. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The token in an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
