import { z } from "zod";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { findTemplate } from "../templates/gallery";
import { toSummary, type LogEntrySummary } from "./log-entry-types";
import { recommendForLogEntry, type Recommendation } from "./recommend-for-log-entry";

export type LogStep = { step: string; status: string; detail: string };
export type LogModifiedProperty = { name: string; oldValue: string | null; newValue: string | null };

export type LogEntryDetail = LogEntrySummary & {
  errorDetail: string | null;
  steps: LogStep[];
  modifiedProperties: LogModifiedProperty[];
  recommendation: Recommendation | null;
  cycle: { id: string; type: string; status: string; startedAt: string; endedAt: string | null } | null;
};

const stepsSchema = z.array(z.object({ step: z.string(), status: z.string(), detail: z.string().default("") }));
const propsSchema = z.array(
  z.object({ name: z.string(), oldValue: z.unknown().optional(), newValue: z.unknown().optional() }),
);

function parseJson<T>(text: string | null, schema: z.ZodType<T>, fallback: T): T {
  if (!text) return fallback;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
}

/** Values shown as text: objects as JSON, nothing as null. */
function show(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

const STEP_ORDER = ["Import", "Scope", "Match", "Action"];

/** One log entry with everything the detail panel shows. */
export async function getLogEntry(id: number): Promise<LogEntryDetail> {
  const row = await prisma.provisioningLogEntry.findUnique({
    where: { id },
    include: { job: { select: { application: { select: { id: true, name: true, templateId: true } } } } },
  });
  if (!row)
    throw new AppError(
      "logs.not_found",
      "This log entry no longer exists. Entries older than the retention period are deleted.",
    );
  const app = row.job.application;
  const apps = new Map([[row.jobId, { id: app.id, name: app.name }]]);
  const summary = toSummary({ ...row, at: row.at }, apps);
  const steps = parseJson(row.steps, stepsSchema, []).sort(
    (a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step),
  );
  const modifiedProperties = parseJson(row.modifiedProperties, propsSchema, []).map((p) => ({
    name: p.name,
    oldValue: show(p.oldValue),
    newValue: show(p.newValue),
  }));
  let credentialsHelp: string | null = null;
  try {
    credentialsHelp = findTemplate(app.templateId).credentialsHelp;
  } catch {
    credentialsHelp = null;
  }
  const cycle = row.cycleId
    ? await prisma.cycle.findUnique({
        where: { id: row.cycleId },
        select: { id: true, type: true, status: true, startedAt: true, endedAt: true },
      })
    : null;
  return {
    ...summary,
    errorDetail: row.errorDetail,
    steps,
    modifiedProperties,
    recommendation: recommendForLogEntry({
      errorCode: row.errorCode,
      errorDetail: row.errorDetail,
      status: row.status,
      action: row.action,
      steps,
      applicationName: app.name,
      credentialsHelp,
    }),
    cycle: cycle
      ? {
          id: cycle.id,
          type: cycle.type,
          status: cycle.status,
          startedAt: cycle.startedAt.toISOString(),
          endedAt: cycle.endedAt?.toISOString() ?? null,
        }
      : null,
  };
}
