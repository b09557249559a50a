import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { parseRole, type AdminRole } from "../roles";
import { hashApiTokenSecret, looksLikeApiTokenSecret } from "./api-token-secret";

const TOUCH_EVERY_MS = 60_000;

/** Who a request made with an API token acts as. `actor` is the token's name, for the audit trail. */
export type ApiTokenPrincipal = { tokenId: string; actor: string; role: AdminRole; ownerId: string };

/** The name an API token's changes carry in the audit trail. */
function apiTokenActor(name: string): string {
  return `${name} (API token)`;
}

/**
 * The principal behind an API token, or an AppError (401) saying why it is refused: unknown, revoked or
 * expired. The role is the token's, lowered to Reader when its owner is (no longer) an Administrator.
 * Last use (time and client address) is refreshed at most once a minute, or when the address changes.
 */
export async function validateApiToken(
  token: string | null | undefined,
  opts: { ip?: string; now?: Date } = {},
): Promise<ApiTokenPrincipal> {
  const now = opts.now ?? new Date();
  const invalid = () => new AppError("auth.token_refused", "This API token is not valid.");
  if (!looksLikeApiTokenSecret(token)) throw invalid();
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiTokenSecret(token) },
    select: {
      id: true,
      name: true,
      role: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      owner: { select: { id: true, role: true } },
    },
  });
  if (!row) throw invalid();
  if (row.revokedAt) throw new AppError("auth.token_refused", `The API token "${row.name}" has been revoked.`);
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
    throw new AppError("auth.token_refused", `The API token "${row.name}" has expired.`);
  const ip = opts.ip ?? null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS || row.lastUsedIp !== ip) {
    await prisma.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now, lastUsedIp: ip } });
  }
  const role: AdminRole =
    parseRole(row.role) === "Administrator" && parseRole(row.owner.role) === "Administrator"
      ? "Administrator"
      : "Reader";
  return { tokenId: row.id, actor: apiTokenActor(row.name), role, ownerId: row.owner.id };
}
