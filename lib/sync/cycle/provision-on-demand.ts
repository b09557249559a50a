import { z } from "zod";
import { databaseNow } from "../../db/database-clock";
import { prisma } from "../../db/prisma";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors";
import type { ScimClientOptions } from "../../scim/create-scim-client";
import type { ObjectOutcome } from "../apply/cycle-recorder";
import { CycleRunner } from "./cycle-runner";
import { createTargetClient } from "../apply/create-target-client";
import { loadJobContext } from "../store/load-job-context";
import { quarantineForRefusedToken } from "./quarantine-for-refused-token";
import { rememberPutOnlyTarget } from "./remember-put-only-target";
import { loadAssignmentScope, loadMemberIds } from "../store/load-source";
import type { CycleCounts } from "../sync-types";

export const provisionOnDemandInput = z.object({
  jobId: z.string().min(1),
  objectType: z.enum(["User", "Group"]),
  sourceId: z.string().trim().min(1, "Choose a user or group"),
  /** For a group: the members to provision with it (at most 5). Defaults to all members when there are 5 or fewer. */
  memberIds: z
    .array(z.string().min(1))
    .max(5, "Choose at most 5 members")
    .transform((ids) => [...new Set(ids)]) // the same member chosen twice is provisioned once
    .optional(),
});

/** How long a provision on demand may take, start to answer. */
export const ON_DEMAND_BUDGET_MS = 30_000;
const MAX_ON_DEMAND_MEMBERS = 5;

export type OnDemandResult = {
  cycleId: string;
  status: "Succeeded" | "Warning" | "Failed";
  /** The object asked for, with its steps Import, Scope, Match and Action. */
  object: ObjectOutcome | null;
  /** For a group: the members provisioned with it. */
  members: ObjectOutcome[];
  counts: CycleCounts;
  requests: number;
  durationMs: number;
  error?: string;
};

/**
 * Provision on demand: one user, or a group with up to 5 members, right now, outside the schedule. Returns
 * within 30 s the steps Import, Scope, Match and Action with their details, and logs like a cycle of type
 * OnDemand. It does not move the watermark (the next incremental cycle still sees the change, finds it
 * up to date and sends nothing).
 */
export async function provisionOnDemand(
  input: z.input<typeof provisionOnDemandInput> & { actor: string },
  options: { clientOptions?: Partial<ScimClientOptions> } = {},
): Promise<OnDemandResult> {
  const { jobId, objectType, sourceId, memberIds } = provisionOnDemandInput.parse(input);
  const ctx = await loadJobContext(jobId);
  const started = Date.now();
  let users: string[] = [];
  let groups: string[] = [];
  let memberFilter: Set<string> | undefined;
  if (objectType === "User") {
    const user = await prisma.directoryUser.findUnique({ where: { id: sourceId }, select: { id: true } });
    const known = await prisma.connectorObject.findFirst({ where: { jobId, objectType: "User", sourceId } });
    if (!user && !known) throw new AppError("on_demand.not_found", "That user is not in the directory.");
    users = [sourceId];
  } else {
    if (!ctx.groupsEnabled)
      throw new AppError("on_demand.groups_off", "Group provisioning is off for this application.");
    const group = await prisma.directoryGroup.findUnique({ where: { id: sourceId }, select: { id: true } });
    if (!group) throw new AppError("on_demand.not_found", "That group is not in the directory.");
    const members = (await loadMemberIds([sourceId])).get(sourceId) ?? [];
    if (memberIds) {
      const bad = memberIds.filter((m) => !members.includes(m));
      if (bad.length > 0)
        throw new AppError("on_demand.not_member", "Choose members of the group.", {
          memberIds: "Some chosen users are not members of this group",
        });
      users = memberIds;
    } else if (members.length > MAX_ON_DEMAND_MEMBERS) {
      throw new AppError(
        "on_demand.too_many_members",
        `The group has ${members.length} members. Choose up to ${MAX_ON_DEMAND_MEMBERS} to provision with it.`,
        {
          memberIds: `Choose up to ${MAX_ON_DEMAND_MEMBERS} members`,
        },
      );
    } else users = members;
    groups = [sourceId];
    memberFilter = new Set(users);
  }

  const abort = new AbortController();
  const budget = setTimeout(
    () => abort.abort(new AppError("on_demand.timeout", "The target did not finish within 30 seconds.")),
    ON_DEMAND_BUDGET_MS - 2_000,
  );
  const client = createTargetClient(ctx, abort.signal, {
    timeoutMs: 10_000,
    maxRetries: 1,
    maxRetryAfterMs: 5_000,
    ...options.clientOptions,
  });
  const cycle = await prisma.cycle.create({
    data: {
      jobId,
      type: "OnDemand",
      status: "Running",
      total: users.length + groups.length,
      startedAt: await databaseNow(),
    },
  });
  const scope = await loadAssignmentScope(ctx.applicationId);
  const runner = new CycleRunner({
    ctx,
    client,
    cycleId: cycle.id,
    type: "OnDemand",
    scope,
    abort,
    forceQueryMatching: true,
    memberFilter,
  });
  runner.keepOutcomes = true;
  let error: string | undefined;
  try {
    await runner.run({ users, groups }, { allowDeletes: true });
    if (runner.credentialsError) error = runner.credentialsError.message;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    clearTimeout(budget);
  }
  await rememberPutOnlyTarget(ctx, client).catch(() => {});
  const status = error ? "Failed" : runner.counts.failed > 0 ? "Warning" : "Succeeded";
  const now = await databaseNow();
  await prisma.$transaction(async (tx) => {
    await tx.cycle.update({
      where: { id: cycle.id },
      data: {
        status,
        endedAt: now,
        processed: runner.processed,
        ...runner.counts,
        requests: client.stats().requests,
        error: error ?? null,
      },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "provisioning.on_demand",
      applicationId: ctx.applicationId,
      details: { objectType, sourceId },
    });
  });
  // A refused token quarantines the job, as it would in a cycle.
  if (runner.credentialsError) await quarantineForRefusedToken(jobId, cycle.id);
  const main =
    runner.outcomes.find((o) => o.objectType === objectType && o.sourceId === sourceId && !o.membership) ?? null;
  const membership = runner.outcomes.find((o) => o.objectType === "Group" && o.sourceId === sourceId && o.membership);
  if (main && membership) main.steps = [...main.steps, ...membership.steps];
  return {
    cycleId: cycle.id,
    status,
    object: main,
    members: runner.outcomes.filter((o) => o.objectType === "User"),
    counts: { ...runner.counts },
    requests: client.stats().requests,
    durationMs: Date.now() - started,
    error,
  };
}
