import type { Tx } from "../../db/prisma";
import { prisma } from "../../db/prisma";

/**
 * Reads of what a SCIM push source wrote (SourceResource rows), always scoped to the one source: another
 * source's objects are not there for it, whatever the id or filter.
 */

export type PushedKind = "User" | "Group";
export type PushedResource = Record<string, unknown> & { id: string };
export type IndexedKey = "id" | "userName" | "externalId" | "displayName";

type Row = { anchor: string; resource: string };

function parse(row: Row): PushedResource {
  return { ...(JSON.parse(row.resource) as Record<string, unknown>), id: row.anchor };
}

const ORDER = [{ createdAt: "asc" as const }, { anchor: "asc" as const }];

export async function getPushedResource(
  sourceId: string,
  kind: PushedKind,
  anchor: string,
  db: Tx = prisma,
): Promise<PushedResource | undefined> {
  const row = await db.sourceResource.findUnique({
    where: { sourceId_objectType_anchor: { sourceId, objectType: kind, anchor } },
    select: { anchor: true, resource: true },
  });
  return row ? parse(row) : undefined;
}

/** One page in creation order (stable across requests, as Okta's paging needs). */
export async function pagePushedResources(
  sourceId: string,
  kind: PushedKind,
  offset: number,
  limit: number,
): Promise<{ total: number; items: PushedResource[] }> {
  const where = { sourceId, objectType: kind };
  const [total, rows] = await Promise.all([
    prisma.sourceResource.count({ where }),
    limit > 0
      ? prisma.sourceResource.findMany({
          where,
          orderBy: ORDER,
          skip: offset,
          take: limit,
          select: { anchor: true, resource: true },
        })
      : Promise.resolve([]),
  ]);
  return { total, items: rows.map(parse) };
}

/** Candidates whose key equals the value (userName and displayName ignoring case). A superset is fine. */
export async function findPushedResources(
  sourceId: string,
  kind: PushedKind,
  key: IndexedKey,
  value: string,
): Promise<PushedResource[]> {
  const base = { sourceId, objectType: kind };
  const where =
    key === "id"
      ? { ...base, anchor: value }
      : key === "userName"
        ? { ...base, userNameKey: value.toLowerCase() }
        : key === "displayName"
          ? { ...base, displayNameKey: value.toLowerCase() }
          : { ...base, externalId: value };
  const rows = await prisma.sourceResource.findMany({
    where,
    orderBy: ORDER,
    take: 1000,
    select: { anchor: true, resource: true },
  });
  return rows.map(parse);
}

/** Resources in creation order, in batches, for filters no index answers (the caller bounds the scan). */
export async function* scanPushedResources(
  sourceId: string,
  kind: PushedKind,
  batch = 1000,
): AsyncGenerator<PushedResource[]> {
  let after: { createdAt: Date; anchor: string } | undefined;
  for (;;) {
    const rows = await prisma.sourceResource.findMany({
      where: {
        sourceId,
        objectType: kind,
        ...(after
          ? {
              OR: [
                { createdAt: { gt: after.createdAt } },
                { createdAt: after.createdAt, anchor: { gt: after.anchor } },
              ],
            }
          : {}),
      },
      orderBy: ORDER,
      take: batch,
      select: { anchor: true, resource: true, createdAt: true },
    });
    if (rows.length === 0) return;
    yield rows.map(parse);
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { createdAt: last.createdAt, anchor: last.anchor };
  }
}
