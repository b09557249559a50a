import { prisma } from "../db/prisma";
import { assessApplicationHealth, compareHealth, type HealthAssessment } from "./assess-application-health";
import { templateSummary } from "./list-applications";

export type ApplicationHealth = {
  id: string;
  name: string;
  templateName: string;
  logo: { text: string; color: string };
  status: string;
  enabled: boolean;
  quarantine: { reason: string; since: Date | null; nextRetryAt: Date | null } | null;
  lastCycle: {
    type: string;
    status: string;
    endedAt: Date | null;
    startedAt: Date;
    failed: number;
    error: string | null;
  } | null;
  failingObjects: number;
  consecutiveFailures: number;
  health: HealthAssessment;
};

/**
 * Every application's provisioning health for the Overview page: status, quarantine and its reason, the last
 * scheduled cycle's result and time, and what is failing. Worst first, then by name.
 */
export async function listApplicationHealth(): Promise<ApplicationHealth[]> {
  const apps = await prisma.application.findMany({
    select: {
      id: true,
      name: true,
      templateId: true,
      job: {
        select: {
          id: true,
          status: true,
          enabled: true,
          quarantineReason: true,
          quarantineSince: true,
          nextRunAt: true,
          consecutiveFailures: true,
        },
      },
    },
  });
  const jobIds = apps.flatMap((a) => (a.job ? [a.job.id] : []));
  const [failing, lastCycles] = await Promise.all([
    prisma.connectorObject.groupBy({
      by: ["jobId"],
      where: { jobId: { in: jobIds }, lastStatus: "Failure" },
      _count: { _all: true },
    }),
    // One query per job: the last finished cycle (on-demand runs are not the job's cycles).
    Promise.all(
      jobIds.map((jobId) =>
        prisma.cycle.findFirst({
          where: { jobId, status: { not: "Running" }, type: { not: "OnDemand" } },
          orderBy: { startedAt: "desc" },
          select: { jobId: true, type: true, status: true, startedAt: true, endedAt: true, failed: true, error: true },
        }),
      ),
    ),
  ]);
  const failingByJob = new Map(failing.map((f) => [f.jobId, f._count._all]));
  const lastByJob = new Map(lastCycles.flatMap((c) => (c ? [[c.jobId, c] as const] : [])));
  const rows = apps.map((a): ApplicationHealth => {
    const t = templateSummary(a.templateId);
    const job = a.job;
    const last = job ? lastByJob.get(job.id) : undefined;
    const status = job?.status ?? "NotConfigured";
    const failingObjects = job ? (failingByJob.get(job.id) ?? 0) : 0;
    const consecutiveFailures = job?.consecutiveFailures ?? 0;
    const quarantine =
      job && status === "Quarantine"
        ? { reason: job.quarantineReason ?? "", since: job.quarantineSince, nextRetryAt: job.nextRunAt }
        : null;
    return {
      id: a.id,
      name: a.name,
      templateName: t.name,
      logo: t.logo,
      status,
      enabled: job?.enabled ?? false,
      quarantine,
      lastCycle: last
        ? {
            type: last.type,
            status: last.status,
            startedAt: last.startedAt,
            endedAt: last.endedAt,
            failed: last.failed,
            error: last.error,
          }
        : null,
      failingObjects,
      consecutiveFailures,
      health: assessApplicationHealth({
        status,
        enabled: job?.enabled ?? false,
        quarantineReason: quarantine?.reason || null,
        lastCycleStatus: last?.status ?? null,
        failingObjects,
        consecutiveFailures,
      }),
    };
  });
  return rows.sort(
    (x, y) =>
      compareHealth(
        { level: x.health.level, quarantined: x.quarantine !== null },
        { level: y.health.level, quarantined: y.quarantine !== null },
      ) || x.name.localeCompare(y.name, "en", { sensitivity: "base" }),
  );
}
