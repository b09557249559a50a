import { prisma } from "../db/prisma";

/** Activity rows kept per source: the page shows recent activity, not an archive (the directory keeps the state). */
const SOURCE_EVENTS_KEPT = 2_000;

/** Deletes a source's activity beyond the newest SOURCE_EVENTS_KEPT rows. Cheap: two indexed statements. */
export async function pruneSourceEvents(sourceId: string): Promise<number> {
  const cutoff = await prisma.sourceEvent.findFirst({
    where: { sourceId },
    orderBy: { id: "desc" },
    skip: SOURCE_EVENTS_KEPT,
    select: { id: true },
  });
  if (!cutoff) return 0;
  const { count } = await prisma.sourceEvent.deleteMany({ where: { sourceId, id: { lte: cutoff.id } } });
  return count;
}
