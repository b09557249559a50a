import crypto from "node:crypto";
import { z } from "zod";
import { AppError } from "../../errors";
import type { ScimClient } from "../../scim/create-scim-client";
import { isScimError, type ScimError } from "../../scim/scim-error";
import { createTargetClient } from "../apply/create-target-client";
import { CredentialsRejected, isCredentialsRefusal } from "../apply/credentials-rejected";
import { TargetReader } from "../apply/target-reader";
import { listPageSizeFor } from "../engine-config";
import { planMemberUpdates } from "../plan/plan-member-updates";
import { planObjects } from "../plan/plan-objects";
import { loadJobContext, type JobContext } from "../store/load-job-context";
import { loadAssignmentScope, loadUserRows, type AssignmentScope } from "../store/load-source";
import {
  deleteSnapshot,
  loadLinksByTargetId,
  pageLinkedObjects,
  pageSnapshotRows,
  countLinkedObjects,
} from "../store/target-snapshot";
import type { ObjectType } from "../sync-types";
import { DriftCollector, MEMBER_NAMES_SHOWN, type DriftDifference, type OrphanedAccount } from "./drift-collector";
import { quarantineForRefusedToken } from "./quarantine-for-refused-token";

export const reportDriftInput = z.object({
  jobId: z.string().min(1),
  /** Differences and orphaned accounts listed at most (the counts are complete). */
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export type DriftReport = {
  jobId: string;
  applicationName: string;
  readAt: string;
  durationMs: number;
  /** Requests sent to the target: reads only (GET). */
  requests: number;
  /** Linked objects compared. */
  compared: { users: number; groups: number };
  /** Objects that differ at the target ("N objects differ at the target"). */
  differing: number;
  counts: { attributes: number; missingAtTarget: number; members: number; unreadable: number };
  differences: DriftDifference[];
  differencesTruncated: boolean;
  /** Target accounts no directory object is linked to ("account discovery"). */
  orphans: { users: number; groups: number; accounts: OrphanedAccount[]; truncated: boolean };
  /** Every page of the target was read; when false, orphaned accounts may be incomplete. */
  listingComplete: boolean;
};

/**
 * The drift report: the comparison a Restart makes, read-only. It lists the target (GET only, nothing
 * that changes it), compares every linked object with what Provisio would provision (attributes, objects
 * gone from the target, group members), and finds the target's accounts that no directory object is
 * linked to. Memory stays bounded on a large target: the read is paged through TargetSnapshot rows, and
 * the report lists at most `limit` of each kind with complete counts. A refused token quarantines a job
 * that runs, as a cycle would.
 */
export async function reportDrift(input: z.input<typeof reportDriftInput>): Promise<DriftReport> {
  const { jobId, limit } = reportDriftInput.parse(input);
  const ctx = await loadJobContext(jobId);
  const started = Date.now();
  const client = createTargetClient(ctx, new AbortController().signal);
  const readId = `drift-${crypto.randomUUID()}`;
  const found = new DriftCollector(limit);
  let listingComplete = true;
  try {
    const scope = await loadAssignmentScope(ctx.applicationId);
    const types: ObjectType[] = ctx.groupsEnabled ? ["User", "Group"] : ["User"];
    for (const type of types) {
      const reader = newReader(ctx, client, type, readId);
      await reader.prepare(await countLinkedObjects(jobId, type), { listAlways: true });
      listingComplete &&= reader.complete;
      await compareLinked({ ctx, scope, type, reader, found });
      await findOrphans(jobId, readId, type, found);
    }
  } catch (e) {
    throw await asReportError(jobId, e);
  } finally {
    client.close();
    await deleteSnapshot(jobId, readId).catch(() => {});
  }
  return {
    jobId,
    applicationName: ctx.applicationName,
    readAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: client.stats().requests,
    compared: found.compared,
    differing: found.differing,
    counts: found.counts,
    differences: found.differences,
    differencesTruncated: found.differencesTruncated,
    orphans: { ...found.orphanCounts, accounts: found.orphans, truncated: found.orphansTruncated },
    listingComplete,
  };
}

function newReader(ctx: JobContext, client: ScimClient, type: ObjectType, readId: string): TargetReader {
  return new TargetReader({
    client,
    type,
    jobId: ctx.jobId,
    readId,
    keepPaths: ctx.mappings[type].map((m) => m.target),
    pageSize: listPageSizeFor(ctx.template.capabilities.listPageSize, type),
  });
}

/** Every linked object of a type, planned against the target's state in chunks; then groups' members. */
async function compareLinked(o: {
  ctx: JobContext;
  scope: AssignmentScope;
  type: ObjectType;
  reader: TargetReader;
  found: DriftCollector;
}): Promise<void> {
  const { ctx, scope, type, reader, found } = o;
  const observe = (targetIds: string[]) => reader.observe(targetIds);
  for (let after: string | null = null; ;) {
    const page = await pageLinkedObjects(ctx.jobId, type, after, 500);
    if (page.length === 0) return;
    after = page[page.length - 1].id;
    const ops = await planObjects({ ctx, scope, type, ids: page.map((p) => p.sourceId), observe });
    const inScopeGroups: string[] = [];
    for (const op of ops) {
      found.addOperation(op);
      if (type === "Group" && op.scope === "InScope" && op.observed?.state === "found") inScopeGroups.push(op.sourceId);
    }
    if (inScopeGroups.length === 0 || !ctx.syncMembers) continue;
    const identities = new Map(ops.map((op) => [op.sourceId, op.identity]));
    const { updates } = await planMemberUpdates({
      ctx,
      scope,
      groupIds: inScopeGroups,
      observeMembers: (ids) => reader.observeMembers(ids),
    });
    const shown = updates.flatMap((u) => [
      ...u.delta.add.slice(0, MEMBER_NAMES_SHOWN),
      ...u.delta.remove.slice(0, MEMBER_NAMES_SHOWN),
    ]);
    const names = new Map((await loadUserRows([...new Set(shown)])).map((u) => [u.id, u.userPrincipalName]));
    for (const u of updates) found.addMembers(u, identities.get(u.groupId) ?? u.groupId, names);
  }
}

/** The target's accounts of a type that no directory object is linked to, page by page. */
async function findOrphans(jobId: string, readId: string, type: ObjectType, found: DriftCollector): Promise<void> {
  for (let after = 0; ;) {
    const rows = await pageSnapshotRows(readId, type, after, 1000);
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    const links = await loadLinksByTargetId(
      jobId,
      type,
      rows.map((r) => r.targetId),
    );
    const seen = new Set<string>();
    for (const r of rows) {
      if (links.has(r.targetId) || seen.has(r.targetId)) continue;
      seen.add(r.targetId);
      const active = r.values.active;
      found.addOrphan({
        objectType: type,
        targetId: r.targetId,
        identity: r.identity,
        active: typeof active === "boolean" ? active : null,
      });
    }
  }
}

/** A refused token quarantines the job (when it runs); any target failure becomes an admin's error. */
async function asReportError(jobId: string, e: unknown): Promise<unknown> {
  const refused = e instanceof CredentialsRejected ? e.scimError : isCredentialsRefusal(e) ? (e as ScimError) : null;
  if (refused) {
    await quarantineForRefusedToken(jobId, null);
    return new AppError("drift.credentials_refused", refused.message);
  }
  if (isScimError(e)) return new AppError("drift.target_failed", `The target could not be read: ${e.message}`);
  return e;
}
