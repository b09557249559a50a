import { prisma } from "../db/prisma";

export type CycleView = {
  id: string;
  type: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  total: number;
  processed: number;
  created: number;
  updated: number;
  disabled: number;
  deleted: number;
  skipped: number;
  failed: number;
  staged: number;
  requests: number;
  error: string | null;
};

export type CycleHistory = {
  cycles: CycleView[];
  /** startedAt of the last cycle shown, for the next (older) page; null when there is no more. */
  nextBefore: string | null;
  /** Oldest first, at most `chartSize` cycles: operations per cycle over time for the chart. */
  chart: {
    id: string;
    startedAt: string;
    created: number;
    updated: number;
    disabled: number;
    deleted: number;
    failed: number;
    skipped: number;
    requests: number;
  }[];
};

function view(c: Awaited<ReturnType<typeof prisma.cycle.findMany>>[number]): CycleView {
  return {
    id: c.id,
    type: c.type,
    status: c.status,
    startedAt: c.startedAt.toISOString(),
    endedAt: c.endedAt?.toISOString() ?? null,
    durationMs: c.endedAt ? c.endedAt.getTime() - c.startedAt.getTime() : null,
    total: c.total,
    processed: c.processed,
    created: c.created,
    updated: c.updated,
    disabled: c.disabled,
    deleted: c.deleted,
    skipped: c.skipped,
    failed: c.failed,
    staged: c.staged,
    requests: c.requests,
    error: c.error,
  };
}

/** An application's cycles, newest first (keyset on startedAt), and the data of the operations chart. */
export async function listCycles(
  applicationId: string,
  opts: { before?: string; limit?: number; chartSize?: number } = {},
): Promise<CycleHistory> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const job = await prisma.provisioningJob.findUnique({ where: { applicationId }, select: { id: true } });
  if (!job) return { cycles: [], nextBefore: null, chart: [] };
  const before = opts.before && !Number.isNaN(Date.parse(opts.before)) ? new Date(opts.before) : undefined;
  const rows = await prisma.cycle.findMany({
    where: { jobId: job.id, ...(before ? { startedAt: { lt: before } } : {}) },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const recent = await prisma.cycle.findMany({
    where: { jobId: job.id },
    orderBy: { startedAt: "desc" },
    take: opts.chartSize ?? 60,
  });
  return {
    cycles: page.map(view),
    nextBefore: rows.length > limit ? page[page.length - 1]!.startedAt.toISOString() : null,
    chart: recent.reverse().map((c) => ({
      id: c.id,
      startedAt: c.startedAt.toISOString(),
      created: c.created,
      updated: c.updated,
      disabled: c.disabled,
      deleted: c.deleted,
      failed: c.failed,
      skipped: c.skipped,
      requests: c.requests,
    })),
  };
}
