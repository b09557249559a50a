import { prisma } from "../db/prisma";

export type SourceEventItem = {
  id: number;
  at: Date;
  method: string;
  path: string;
  status: number;
  operation: string;
  objectType: string | null;
  objectId: string | null;
  identity: string | null;
  detail: string | null;
};

/** A source's most recent activity, newest first. */
export async function listSourceEvents(sourceId: string, limit = 50): Promise<SourceEventItem[]> {
  return prisma.sourceEvent.findMany({
    where: { sourceId },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(1, limit), 200),
    select: {
      id: true,
      at: true,
      method: true,
      path: true,
      status: true,
      operation: true,
      objectType: true,
      objectId: true,
      identity: true,
      detail: true,
    },
  });
}
