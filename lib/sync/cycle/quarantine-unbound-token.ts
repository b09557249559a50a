import { databaseNow } from "../../db/database-clock";
import { prisma } from "../../db/prisma";
import { notifyJobFailure } from "../../notify/notify-job-failure";
import { quarantineBackoffMs } from "../engine-config";
import type { JobContext } from "../store/load-job-context";
import type { CycleSummary, CycleType } from "../sync-types";

const NO_COUNTS = { created: 0, updated: 0, disabled: 0, deleted: 0, skipped: 0, failed: 0, staged: 0 };

/**
 * A cycle for a job whose saved Secret Token belongs to another origin than its Tenant URL (see
 * read-bound-secret-token.ts): nothing is sent. The cycle is recorded as Quarantined with the reason, the
 * job goes to quarantine (TokenNotBound) on the usual backoff, and the failure notice goes out. Retrying
 * cannot help until an admin enters the token again for the new host.
 */
export async function quarantineUnboundToken(
  ctx: JobContext,
  opts: { type: CycleType; message: string; started: number },
): Promise<CycleSummary> {
  const now = await databaseNow(); // nextRunAt is compared on the database's clock
  const job = await prisma.provisioningJob.findUniqueOrThrow({
    where: { id: ctx.jobId },
    select: { quarantineSince: true, quarantineLevel: true, watermark: true },
  });
  const [cycle] = await prisma.$transaction([
    prisma.cycle.create({
      data: {
        jobId: ctx.jobId,
        type: opts.type,
        status: "Quarantined",
        startedAt: now,
        endedAt: now,
        error: opts.message,
      },
    }),
    prisma.provisioningJob.update({
      where: { id: ctx.jobId },
      data: {
        status: "Quarantine",
        quarantineReason: "TokenNotBound",
        quarantineSince: job.quarantineSince ?? now,
        quarantineLevel: job.quarantineLevel + 1,
        nextRunAt: new Date(now.getTime() + quarantineBackoffMs(job.quarantineLevel)),
        consecutiveFailures: { increment: 1 },
        lastCycleEndedAt: now,
      },
    }),
  ]);
  try {
    await notifyJobFailure({ jobId: ctx.jobId, kind: "Quarantine", reason: "TokenNotBound", cycleId: cycle.id });
  } catch (e) {
    console.error("Could not send the provisioning failure notification:", e instanceof Error ? e.message : e);
  }
  return {
    cycleId: cycle.id,
    jobId: ctx.jobId,
    type: opts.type,
    status: "Quarantined",
    total: 0,
    processed: 0,
    counts: { ...NO_COUNTS },
    requests: 0,
    durationMs: Date.now() - opts.started,
    watermarkFrom: opts.type === "Initial" ? 0 : job.watermark,
    watermarkTo: job.watermark,
    error: opts.message,
    quarantineReason: "TokenNotBound",
  };
}
