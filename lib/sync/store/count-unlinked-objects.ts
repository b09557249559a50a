import { prisma } from "../../db/prisma";
import type { ObjectType } from "../sync-types";
import { chunks } from "./load-source";

/** Candidates not linked to a target object yet (what matching may have to find). */
export async function countUnlinkedObjects(jobId: string, type: ObjectType, ids: string[]): Promise<number> {
  let linked = 0;
  if (ids.length > 5000) {
    const rows = await prisma.connectorObject.findMany({
      where: { jobId, objectType: type, targetId: { not: null }, NOT: { state: "Pending" } },
      select: { sourceId: true },
    });
    const set = new Set(ids);
    for (const r of rows) if (set.has(r.sourceId)) linked++;
  } else {
    for (const part of chunks(ids, 900)) {
      linked += await prisma.connectorObject.count({
        where: { jobId, objectType: type, sourceId: { in: part }, targetId: { not: null }, NOT: { state: "Pending" } },
      });
    }
  }
  return ids.length - linked;
}
