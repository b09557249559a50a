import { prisma } from "../../db/prisma";
import { parseRole } from "../roles";
import type { ApiTokenView } from "./api-token-schemas";

/** Every API token, active ones first, newest first; never the token or its hash. */
export async function listApiTokens(now: Date = new Date()): Promise<ApiTokenView[]> {
  const rows = await prisma.apiToken.findMany({
    orderBy: [{ createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      owner: { select: { username: true } },
    },
  });
  const views = rows.map((r): ApiTokenView => ({
    id: r.id,
    name: r.name,
    role: parseRole(r.role),
    owner: r.owner.username,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    lastUsedAt: r.lastUsedAt,
    lastUsedIp: r.lastUsedIp,
    state: r.revokedAt ? "Revoked" : r.expiresAt && r.expiresAt <= now ? "Expired" : "Active",
  }));
  const rank = { Active: 0, Expired: 1, Revoked: 2 } as const;
  return views.sort((a, b) => rank[a.state] - rank[b.state]);
}
