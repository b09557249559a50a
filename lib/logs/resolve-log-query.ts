import { prisma } from "../db/prisma";
import type { LogQuery } from "../db/sql/log-entries";
import type { LogCursor } from "./log-cursor";
import { resolveDateRange, type LogFilters } from "./log-filters";

/**
 * Turns a logs page's filters into the query the log store runs: the application becomes its job id (one
 * job per application, found first, so each filter maps onto one index), the range becomes dates. Null
 * when nothing can match (an application that does not exist).
 */
export async function resolveLogQuery(
  f: LogFilters,
  opts: { cursor?: LogCursor; afterId?: number; now?: Date } = {},
): Promise<LogQuery | null> {
  let jobId: string | undefined;
  if (f.app) {
    const job = await prisma.provisioningJob.findUnique({ where: { applicationId: f.app }, select: { id: true } });
    if (!job) return null;
    jobId = job.id;
  }
  const { from, to } = resolveDateRange(f, opts.now);
  return {
    jobId,
    from,
    to,
    status: f.status,
    action: f.action,
    cycleId: f.cycle,
    q: f.q,
    before: opts.cursor,
    afterId: opts.afterId,
  };
}
