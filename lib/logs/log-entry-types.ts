import { prisma } from "../db/prisma";
import type { LogRowRead } from "../db/sql/log-entries";

/** One row of a logs table (the detail panel loads the rest). Dates are ISO strings: it crosses to the browser. */
export type LogEntrySummary = {
  id: number;
  at: string;
  jobId: string;
  applicationId: string | null;
  applicationName: string | null;
  cycleId: string | null;
  objectType: string;
  identity: string | null;
  displayName: string | null;
  sourceId: string | null;
  targetId: string | null;
  action: string;
  status: string;
  errorCode: string | null;
  durationMs: number | null;
};

export function rawDate(v: string | Date): Date {
  return v instanceof Date ? v : new Date(v);
}

/** Application id and name per job id, for the rows of one page (one query, however many rows). */
export async function applicationsByJob(
  jobIds: Iterable<string>,
  cache = new Map<string, { id: string; name: string } | null>(),
) {
  const missing = [...new Set(jobIds)].filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const jobs = await prisma.provisioningJob.findMany({
      where: { id: { in: missing } },
      select: { id: true, application: { select: { id: true, name: true } } },
    });
    for (const id of missing) cache.set(id, null);
    for (const j of jobs) cache.set(j.id, { id: j.application.id, name: j.application.name });
  }
  return cache;
}

export function toSummary(r: LogRowRead, apps: Map<string, { id: string; name: string } | null>): LogEntrySummary {
  const app = apps.get(r.jobId) ?? null;
  return {
    id: Number(r.id),
    at: rawDate(r.at).toISOString(),
    jobId: r.jobId,
    applicationId: app?.id ?? null,
    applicationName: app?.name ?? null,
    cycleId: r.cycleId,
    objectType: r.objectType,
    identity: r.identity,
    displayName: r.displayName,
    sourceId: r.sourceId,
    targetId: r.targetId,
    action: r.action,
    status: r.status,
    errorCode: r.errorCode,
    durationMs: r.durationMs === null ? null : Number(r.durationMs),
  };
}
