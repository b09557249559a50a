import type PgBoss from "pg-boss";
import { z } from "zod";
import { AppError, isAppError, isAppErrorCode } from "../../errors";
import type { ObjectOutcome } from "../../sync/apply/cycle-recorder";
import {
  ON_DEMAND_BUDGET_MS,
  provisionOnDemand,
  provisionOnDemandInput,
  type OnDemandResult,
} from "../../sync/cycle/provision-on-demand";
import { cycleQueue, ON_DEMAND_QUEUE } from "./cycle-queue";

/**
 * Provision on demand on the job queue (PROVISIO_WORKERS=queue): the web server (or the CLI) sends one
 * queue job per request and waits for its answer; a worker runs provisionOnDemand and returns the result,
 * or the AppError it threw, as the queue job's output. The caller reads it and deletes the queue job (the
 * output holds directory data).
 *
 * Waiting is bounded twice. A request no worker takes within `pickupTimeoutMs` fails with
 * on_demand.no_worker; a worker that takes it later refuses it (the queue job's createdOn and startedOn are
 * both the database's clock, so machines' clocks do not matter), so a request given up on never runs. A
 * request taken in time has the on-demand budget (30 s) plus a margin for its answer, then on_demand.timeout.
 */
const DEFAULT_PICKUP_TIMEOUT_MS = 10_000;
const ANSWER_MARGIN_MS = 5_000;
const POLL_MS = 200;

const onDemandQueueJobData = z.object({
  input: provisionOnDemandInput.extend({ actor: z.string().min(1) }),
  /** How long after it was sent a worker may still start it (see above). */
  pickupTimeoutMs: z.number().int().positive(),
});
type OnDemandQueueJobData = z.infer<typeof onDemandQueueJobData>;

const wireError = z.object({
  code: z.string(),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.string()).optional(),
});
const outcome = z.custom<ObjectOutcome>(
  (v) => typeof v === "object" && v !== null && typeof (v as { sourceId?: unknown }).sourceId === "string",
);
/** The queue job's output. It comes from the database, written by a worker (maybe of another build), so it is checked. */
const onDemandAnswer = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    result: z.object({
      cycleId: z.string(),
      status: z.enum(["Succeeded", "Warning", "Failed"]),
      object: outcome.nullable(),
      members: z.array(outcome),
      counts: z.object({
        created: z.number(),
        updated: z.number(),
        disabled: z.number(),
        deleted: z.number(),
        skipped: z.number(),
        failed: z.number(),
        staged: z.number(),
      }),
      requests: z.number(),
      durationMs: z.number(),
      error: z.string().optional(),
    }),
  }),
  z.object({ ok: z.literal(false), error: wireError }),
]);
type OnDemandAnswer = z.infer<typeof onDemandAnswer>;

function answerError(e: unknown): OnDemandAnswer {
  if (isAppError(e)) return { ok: false, error: { code: e.code, message: e.message, fieldErrors: e.fieldErrors } };
  const message = e instanceof Error ? e.message : String(e);
  return {
    ok: false,
    error: { code: "on_demand.worker_failed", message: `Provisioning on demand failed: ${message}` },
  };
}

function toAppError(error: z.infer<typeof wireError>): AppError {
  // A code this build does not know (a newer worker) keeps its message.
  return new AppError(
    isAppErrorCode(error.code) ? error.code : "on_demand.worker_failed",
    error.message,
    error.fieldErrors,
  );
}

/**
 * Sends the request to the workers and waits for the answer: the result, or the AppError the worker threw
 * (same code, message and field errors). The input is checked here first, so invalid input fails as it
 * does without workers.
 */
export async function provisionOnDemandOnQueue(
  input: z.input<typeof provisionOnDemandInput> & { actor: string },
  opts: { pickupTimeoutMs?: number } = {},
): Promise<OnDemandResult> {
  const parsed = provisionOnDemandInput.parse(input);
  const pickupTimeoutMs = opts.pickupTimeoutMs ?? DEFAULT_PICKUP_TIMEOUT_MS;
  const boss = await cycleQueue();
  const data: OnDemandQueueJobData = { input: { ...parsed, actor: input.actor }, pickupTimeoutMs };
  const sent = Date.now();
  const id = await boss.send(ON_DEMAND_QUEUE, data);
  if (!id) throw new AppError("on_demand.worker_failed", "The request could not be queued.");
  let answerBy: number | null = null;
  try {
    for (;;) {
      const job = await boss.getJobById(ON_DEMAND_QUEUE, id);
      const now = Date.now();
      if (job?.state === "completed") {
        const answer = onDemandAnswer.safeParse(job.output);
        if (!answer.success) throw new AppError("on_demand.worker_failed", "The worker's answer could not be read.");
        if (!answer.data.ok) throw toAppError(answer.data.error);
        return answer.data.result;
      }
      if (!job || job.state === "failed" || job.state === "cancelled") {
        throw new AppError("on_demand.worker_failed", "The worker running the request stopped without an answer.");
      }
      if (job.state === "active") answerBy ??= now + ON_DEMAND_BUDGET_MS + ANSWER_MARGIN_MS;
      if (answerBy === null && now - sent > pickupTimeoutMs) {
        throw new AppError(
          "on_demand.no_worker",
          `No worker took the request within ${Math.round(pickupTimeoutMs / 1000)} seconds: is a worker running (npm run worker)?`,
        );
      }
      if (answerBy !== null && now > answerBy) {
        throw new AppError(
          "on_demand.timeout",
          `The worker did not answer within ${Math.round((ON_DEMAND_BUDGET_MS + ANSWER_MARGIN_MS) / 1000)} seconds.`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    // Its output holds directory data; a request given up on is not left for a worker either.
    await boss.deleteJob(ON_DEMAND_QUEUE, id).catch(() => {});
  }
}

/** Runs one request in this worker; its answer becomes the queue job's output. */
async function answer(job: PgBoss.JobWithMetadata<unknown>): Promise<OnDemandAnswer> {
  try {
    const { input, pickupTimeoutMs } = onDemandQueueJobData.parse(job.data);
    // Taken after the caller gave up (both times are the database's): not run.
    if (job.startedOn.getTime() - job.createdOn.getTime() > pickupTimeoutMs) {
      throw new AppError("on_demand.no_worker", "No worker took the request in time.");
    }
    return { ok: true, result: await provisionOnDemand(input) };
  } catch (e) {
    return answerError(e);
  }
}

/**
 * A worker's on-demand slots (scripts/worker.ts): separate from its cycle slots, so a request does not
 * wait behind long cycles. Each polls every half second (pg-boss's shortest interval).
 */
export async function startOnDemandWorkers(opts: { slots?: number } = {}): Promise<string[]> {
  const boss = await cycleQueue();
  const ids: string[] = [];
  for (let i = 0; i < (opts.slots ?? 2); i++) {
    ids.push(
      await boss.work(
        ON_DEMAND_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
        async ([job]) => (job ? answer(job) : undefined),
      ),
    );
  }
  return ids;
}
