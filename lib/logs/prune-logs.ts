import { prisma } from "../db/prisma";
import { deleteLogEntriesBefore } from "../db/sql/log-entries";
import { sqlStore } from "../db/sql-store";
import { env } from "../env";

export type PruneResult = { logEntries: number; outboxMessages: number; cutoff: Date };

const BATCH = 5000;

/**
 * Deletes provisioning log entries (and outbox messages) older than the retention period
 * (PROVISIO_LOG_RETENTION_DAYS, default 30). Deletes in batches of a few thousand, each its own short
 * statement, so a large prune never holds the database lock long enough to stall a running cycle.
 */
export async function pruneLogs(opts: { now?: Date; retentionDays?: number } = {}): Promise<PruneResult> {
  const days = opts.retentionDays ?? env().PROVISIO_LOG_RETENTION_DAYS;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 24 * 60 * 60 * 1000);
  let logEntries = 0;
  for (;;) {
    const n = await deleteLogEntriesBefore(sqlStore(), cutoff, BATCH);
    logEntries += n;
    if (n < BATCH) break;
  }
  const outbox = await prisma.outboxMessage.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return { logEntries, outboxMessages: outbox.count, cutoff };
}
