import type { Source } from "@prisma/client";
import { prisma } from "../db/prisma";
import { findSourceTokenByHash } from "./scim/push-database";
import { hashSourceToken, sameTokenHash } from "./source-token-secret";

export type SourceAuthentication =
  { ok: true; source: Source; tokenId: string } | { ok: false; reason: "unauthenticated" | "disabled" };

/** lastUsedAt is written at most this often per token, so a busy IdP does not add a write to every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Checks a bearer token for one source, before anything else of the request is read. The token is found by
 * its SHA-256 (indexed), and the digests are compared again in constant time. Missing, unknown, revoked and
 * other sources' tokens all answer "unauthenticated", so a caller learns nothing about which sources exist.
 */
export async function authenticateSourceToken(
  sourceId: string,
  token: string | undefined,
  now = new Date(),
): Promise<SourceAuthentication> {
  if (!token || token.length > 200) return { ok: false, reason: "unauthenticated" };
  const hash = hashSourceToken(token);
  // On the database thread, a statement kept prepared: through Prisma this read cost a few ms of CPU per request.
  const row = await findSourceTokenByHash(hash);
  if (!row || !sameTokenHash(row.tokenHash, hash) || row.revokedAt || row.sourceId !== sourceId) {
    return { ok: false, reason: "unauthenticated" };
  }
  if (row.source.status !== "Active") return { ok: false, reason: "disabled" };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.sourceToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, source: row.source, tokenId: row.id };
}
