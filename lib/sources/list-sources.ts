import { prisma } from "../db/prisma";
import type { SourceKind, SourceStatus } from "./source-schemas";

export type SourceListItem = {
  id: string;
  name: string;
  kind: SourceKind;
  status: SourceStatus;
  lastChangeAt: Date | null;
  lastRequestAt: Date | null;
  users: number;
  groups: number;
  activeTokens: number;
  createdAt: Date;
};

/** Every source with what the Sources page shows: kind, status, last change received and what it owns. */
export async function listSources(): Promise<SourceListItem[]> {
  const [sources, users, groups, tokens] = await Promise.all([
    prisma.source.findMany({ orderBy: [{ name: "asc" }] }),
    prisma.directoryUser.groupBy({
      by: ["sourceId"],
      where: { sourceId: { not: null }, deletedAt: null },
      _count: true,
    }),
    prisma.directoryGroup.groupBy({
      by: ["sourceId"],
      where: { sourceId: { not: null }, deletedAt: null },
      _count: true,
    }),
    prisma.sourceToken.groupBy({ by: ["sourceId"], where: { revokedAt: null }, _count: true }),
  ]);
  const count = (rows: { sourceId: string | null; _count: number }[], id: string) =>
    rows.find((r) => r.sourceId === id)?._count ?? 0;
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind as SourceKind,
    status: s.status as SourceStatus,
    lastChangeAt: s.lastChangeAt,
    lastRequestAt: s.lastRequestAt,
    users: count(users, s.id),
    groups: count(groups, s.id),
    activeTokens: count(tokens, s.id),
    createdAt: s.createdAt,
  }));
}
