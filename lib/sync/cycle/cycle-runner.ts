import { prisma } from "../../db/prisma";
import { buildMemberPatchOps, buildPatchOps } from "../../scim/build-patch-ops";
import { buildScimResource } from "../../scim/build-scim-resource";
import type { ScimClient } from "../../scim/create-scim-client";
import { isScimError, type ScimError } from "../../scim/scim-error";
import { engineConfig } from "./engine-config";
import type { JobContext } from "../store/load-job-context";
import { chunks, loadConnectorRows, loadMemberIds, type AssignmentScope } from "../store/load-source";
import { planObjects } from "../plan/plan-objects";
import { diffValues } from "../plan/plan-helpers";
import { planMemberDelta } from "../plan/plan-member-delta";
import { ResultWriter, type ConnectorUpsert } from "../store/result-writer";
import { TargetMatcher } from "../apply/target-matcher";
import {
  emptyCounts,
  scimTypeOf,
  type ConnectorRow,
  type CycleCounts,
  type CycleType,
  type LogAction,
  type LogStatus,
  type ObjectType,
  type PlannedOperation,
  type Step,
} from "../sync-types";

/** Raised inside a cycle when the target refuses the credentials: nothing more is sent. */
class CredentialsRejected extends Error {
  constructor(readonly scimError: ScimError) {
    super(scimError.message);
  }
}

export type RunnerOptions = {
  ctx: JobContext;
  client: ScimClient;
  cycleId: string;
  type: CycleType;
  scope: AssignmentScope;
  /** Abort signal shared with the client (aborted when the target refuses the credentials). */
  abort: AbortController;
  /** On demand: match by query, never list the target. */
  forceQueryMatching?: boolean;
  /** Called (throttled by the caller) as objects complete. */
  onProgress?: () => void;
  /** Only these members of a group are sent (on demand); nothing is removed. */
  memberFilter?: Set<string>;
};

/** What happened to one object: kept for on-demand answers. */
export type ObjectOutcome = {
  objectType: ObjectType;
  sourceId: string;
  identity: string;
  action: LogAction | "Unchanged";
  status: LogStatus | "Unchanged";
  steps: Step[];
  targetId: string | null;
  error?: string;
  /** The group membership step (after the group's own operation). */
  membership?: boolean;
};

/**
 * Applies plans through the SCIM client, object type by object type, in chunks: plan a chunk (pure),
 * persist create intents (Pending), run the operations with bounded concurrency, and write the outcomes
 * in one batch. Disables and deletes are held until both types are planned, so the deletion guard can
 * count them all; group membership deltas go last, once users are provisioned.
 */
export class CycleRunner {
  readonly counts: CycleCounts = emptyCounts();
  total = 0;
  processed = 0;
  /** Requests that succeeded / failed transiently / failed otherwise (for "the target keeps failing"). */
  okOps = 0;
  transientFailures = 0;
  otherFailures = 0;
  credentialsError: ScimError | null = null;
  stagedDeletes = 0;
  readonly outcomes: ObjectOutcome[] = [];
  keepOutcomes = false;

  private readonly writer: ResultWriter;
  private readonly deferred: PlannedOperation[] = [];
  private readonly memberGroups = new Set<string>();
  private matchers = new Map<ObjectType, TargetMatcher>();

  /**
   * Objects planned, applied and written per batch: the configured size, but no more than about five
   * seconds of requests at the target's rate, so that against a slow target (Zscaler: 5/s) log entries
   * and the connector data store follow the cycle closely instead of once every 100 s.
   */
  private readonly chunkSize: number;

  constructor(private readonly o: RunnerOptions) {
    const rate = o.ctx.job.rateLimitPerSecond ?? o.ctx.template.capabilities.rateLimitPerSecond;
    this.chunkSize = Math.max(10, Math.min(engineConfig().chunkSize, Math.ceil(rate * 5)));
    this.writer = new ResultWriter(o.ctx.jobId, o.cycleId, this.chunkSize);
  }

  private get ctx() {
    return this.o.ctx;
  }

  async run(candidates: { users: string[]; groups: string[] }, opts: { allowDeletes: boolean }): Promise<void> {
    this.total = candidates.users.length + candidates.groups.length;
    try {
      await this.phase("User", candidates.users);
      if (candidates.groups.length > 0) await this.phase("Group", candidates.groups);
      await this.deprovision(opts.allowDeletes);
      if (this.ctx.syncMembers && this.memberGroups.size > 0) await this.memberPhase([...this.memberGroups]);
    } catch (e) {
      if (!(e instanceof CredentialsRejected)) {
        await this.writer.flush().catch(() => {});
        throw e;
      }
    }
    await this.writer.flush();
  }

  // -------------------------------------------------------------------------------------------------
  // Phases
  // -------------------------------------------------------------------------------------------------

  private async phase(type: ObjectType, ids: string[]): Promise<void> {
    const { listPageSize } = engineConfig();
    const chunkSize = this.chunkSize;
    const matcher = new TargetMatcher(
      this.o.client,
      scimTypeOf(type),
      this.ctx.matching[type],
      this.ctx.mappings[type].map((m) => m.target),
      listPageSize,
    );
    this.matchers.set(type, matcher);
    let prepared = false;
    // Plan a chunk and persist its create intents; the next chunk is prepared while this one's requests
    // are in flight (intents are written by the write thread), so the target never waits for it.
    const prepare = async (chunk: string[]): Promise<PlannedOperation[]> => {
      const ops = await this.planChunk(type, chunk);
      if (!prepared && ops.some((op) => op.needsMatch && op.action !== "Skip" && op.action !== "Forget")) {
        // One decision per type and cycle, from the count of unlinked objects among the candidates.
        prepared = true;
        const unlinked = await countUnlinked(this.ctx.jobId, type, ids);
        await matcher.prepare(unlinked, this.o.forceQueryMatching);
      }
      await this.persistIntents(ops);
      return ops;
    };
    const all = [...chunks(ids, chunkSize)];
    let next: Promise<PlannedOperation[]> | null = all.length > 0 ? prepare(all[0]) : null;
    for (let i = 0; next; i++) {
      const ops = await next;
      this.throwIfStopped();
      next = i + 1 < all.length ? prepare(all[i + 1]) : null;
      next?.catch(() => {}); // surfaced when awaited above; never an unhandled rejection meanwhile
      const now: PlannedOperation[] = [];
      for (const op of ops) {
        if (op.action === "Disable" || op.action === "Delete") this.deferred.push(op);
        else now.push(op);
      }
      await this.pool(now, (op) => this.applyOne(op));
      await this.writer.flushIfFull();
    }
  }

  planChunk(type: ObjectType, ids: string[]): Promise<PlannedOperation[]> {
    return planObjects(this.ctx, this.o.scope, type, ids);
  }

  /** Crash safety: before a POST, the connector data store says "Pending", so a redo matches first. */
  private async persistIntents(ops: PlannedOperation[]): Promise<void> {
    const intents = ops.filter(
      (op) => op.action === "Create" && op.errors.length === 0 && op.connector?.state !== "Pending",
    );
    if (intents.length === 0) return;
    const w = new ResultWriter(this.ctx.jobId, null, Infinity);
    for (const op of intents) {
      w.upsert({
        objectType: op.objectType,
        sourceId: op.sourceId,
        targetId: null,
        exported: {},
        members: null,
        state: "Pending",
        lastStatus: (op.connector?.lastStatus as ConnectorUpsert["lastStatus"]) ?? null,
        lastError: null,
        failureCount: op.connector?.failureCount ?? 0,
      });
      op.connector = { ...(op.connector ?? emptyConnector(op)), state: "Pending", targetId: null };
    }
    await w.flush();
  }

  private async deprovision(allowDeletes: boolean): Promise<void> {
    const ops = this.deferred;
    if (ops.length === 0) return;
    const job = this.ctx.job;
    const hold = job.preventAccidentalDeletion && !allowDeletes && ops.length > job.deletionThreshold;
    if (hold) {
      for (const op of ops) {
        this.stagedDeletes++;
        this.counts.staged++;
        this.processed++;
        const steps: Step[] = [
          ...op.steps,
          {
            step: "Match",
            status: "Skipped",
            detail: op.connector?.targetId ? `Linked to target id ${op.connector.targetId}` : "Not linked",
          },
          {
            step: "Action",
            status: "Warning",
            detail: `${op.action} held: this cycle would disable or delete ${ops.length} objects, above the accidental deletion threshold of ${job.deletionThreshold}. Allow deletes to apply them.`,
          },
        ];
        this.record(op, "StagedDelete", "Warning", steps, { errorCode: "TooManyDeletes" });
        if (op.connector) this.writer.upsert({ ...connectorUpsert(op.connector), lastStatus: "Staged" });
        await this.writer.flushIfFull();
        this.progress();
      }
      return;
    }
    // Users first, then groups: a deleted group never hides a user's disable.
    for (const batch of chunks(ops, this.chunkSize)) {
      this.throwIfStopped();
      await this.pool(batch, (op) => this.applyOne(op));
      await this.writer.flushIfFull();
    }
  }

  private async memberPhase(groupIds: string[]): Promise<void> {
    const client = this.o.client;
    for (const chunk of chunks(groupIds, 200)) {
      this.throwIfStopped();
      await this.writer.flush(); // the connector rows read below must be current
      const groupConnectors = await loadConnectorRows(this.ctx.jobId, "Group", chunk);
      const membership = await loadMemberIds(chunk);
      const memberIds = new Set<string>();
      for (const list of membership.values()) for (const id of list) memberIds.add(id);
      for (const g of groupConnectors.values()) for (const id of g.members ?? []) memberIds.add(id);
      const userLinks = await loadConnectorRows(this.ctx.jobId, "User", [...memberIds]);
      const work = chunk.flatMap((groupId) => {
        const conn = groupConnectors.get(groupId);
        if (!conn?.targetId || conn.state === "Pending") return [];
        let desired = (membership.get(groupId) ?? []).filter((id) => {
          const u = userLinks.get(id);
          return !!u?.targetId && u.state !== "Pending";
        });
        let exported = conn.members;
        if (this.o.memberFilter) {
          desired = desired.filter((id) => this.o.memberFilter!.has(id));
          exported = [
            ...new Set([
              ...(exported ?? []),
              ...(membership.get(groupId) ?? []).filter((id) => !this.o.memberFilter!.has(id)),
            ]),
          ];
        }
        const delta = planMemberDelta(desired, exported);
        if (this.o.memberFilter) delta.remove = [];
        if (delta.add.length === 0 && delta.remove.length === 0) return [];
        return [{ groupId, conn, desired, delta }];
      });
      await this.pool(work, async ({ groupId, conn, desired, delta }) => {
        const started = Date.now();
        const toTarget = (ids: string[]) =>
          ids.map((id) => userLinks.get(id)?.targetId).filter((t): t is string => !!t);
        const requests = buildMemberPatchOps(toTarget(delta.add), toTarget(delta.remove));
        const identity = String(conn.exported.displayName ?? groupId);
        const change = {
          name: "members",
          oldValue: `${(conn.members ?? []).length} members`,
          newValue: `+${delta.add.length} -${delta.remove.length}`,
        };
        try {
          for (const ops of requests) await client.patch("Groups", conn.targetId!, ops);
          this.okOps++;
          const members = this.o.memberFilter ? [...new Set([...(conn.members ?? []), ...desired])] : desired;
          this.writer.upsert({
            ...connectorUpsert(conn),
            members,
            lastStatus: "Success",
            lastError: null,
            failureCount: 0,
          });
          this.recordRaw({
            objectType: "Group",
            sourceId: groupId,
            targetId: conn.targetId,
            identity,
            action: "Update",
            status: "Success",
            steps: [
              {
                step: "Action",
                status: "Success",
                detail: `Membership updated: ${delta.add.length} added, ${delta.remove.length} removed (${requests.length} request${requests.length === 1 ? "" : "s"})`,
              },
            ],
            modifiedProperties: [change],
            durationMs: Date.now() - started,
          });
          if (this.keepOutcomes)
            this.outcomes.push({
              objectType: "Group",
              sourceId: groupId,
              identity,
              action: "Update",
              status: "Success",
              steps: [
                {
                  step: "Action",
                  status: "Success",
                  detail: `Membership updated: ${delta.add.length} added, ${delta.remove.length} removed`,
                },
              ],
              targetId: conn.targetId,
              membership: true,
            });
        } catch (e) {
          const err = this.classify(e);
          this.counts.failed++;
          this.writer.upsert({
            ...connectorUpsert(conn),
            lastStatus: "Failure",
            lastError: err.message,
            failureCount: conn.failureCount + 1,
          });
          this.recordRaw({
            objectType: "Group",
            sourceId: groupId,
            targetId: conn.targetId,
            identity,
            action: "Update",
            status: "Failure",
            steps: [{ step: "Action", status: "Failure", detail: `Membership update failed: ${err.message}` }],
            modifiedProperties: [change],
            errorCode: err.code,
            errorDetail: err.message,
            durationMs: Date.now() - started,
          });
          if (this.keepOutcomes)
            this.outcomes.push({
              objectType: "Group",
              sourceId: groupId,
              identity,
              action: "Update",
              status: "Failure",
              steps: [{ step: "Action", status: "Failure", detail: `Membership update failed: ${err.message}` }],
              targetId: conn.targetId,
              error: err.message,
              membership: true,
            });
        }
      });
    }
  }

  // -------------------------------------------------------------------------------------------------
  // One object
  // -------------------------------------------------------------------------------------------------

  async applyOne(op: PlannedOperation): Promise<void> {
    const started = Date.now();
    const type = op.objectType;
    const scimType = scimTypeOf(type);
    const client = this.o.client;
    const steps = [...op.steps];
    const conn = op.connector;
    const done = () => {
      this.processed++;
      this.progress();
    };

    if (op.errors.length > 0 && (op.action === "Create" || op.action === "Update" || op.action === "Disable")) {
      const detail = op.errors.map((e) => `${e.target}: ${e.message}`).join("; ");
      steps.push({
        step: "Action",
        status: "Failure",
        detail: `Not sent: the mappings could not be evaluated (${detail})`,
      });
      this.counts.failed++;
      this.otherFailures++;
      this.record(
        op,
        op.action === "Disable" ? "Disable" : op.action === "Update" ? "Update" : "Create",
        "Failure",
        steps,
        {
          errorCode: "MappingError",
          errorDetail: detail,
          durationMs: Date.now() - started,
        },
      );
      this.writer.upsert({
        ...connectorUpsert(conn ?? emptyConnector(op)),
        lastStatus: "Failure",
        lastError: detail,
        failureCount: (conn?.failureCount ?? 0) + 1,
      });
      return done();
    }

    switch (op.action) {
      case "Unchanged": {
        if (conn && conn.lastStatus && conn.lastStatus !== "Success")
          this.writer.upsert({ ...connectorUpsert(conn), lastStatus: "Success", lastError: null, failureCount: 0 });
        if (type === "Group" && op.scope === "InScope") this.memberGroups.add(op.sourceId);
        this.outcome(
          op,
          "Unchanged",
          "Unchanged",
          [
            ...steps,
            { step: "Match", status: "Success", detail: `Linked to target id ${conn?.targetId}` },
            { step: "Action", status: "Skipped", detail: "Already up to date: nothing to send" },
          ],
          conn?.targetId ?? null,
        );
        return done();
      }
      case "Forget": {
        this.writer.forget(type, op.sourceId);
        return done();
      }
      case "Skip": {
        this.counts.skipped++;
        steps.push({ step: "Action", status: "Skipped", detail: op.reason ?? "Skipped" });
        this.record(op, "Skipped", "Skipped", steps, { durationMs: 0 });
        if (conn && (conn.lastStatus === "Failure" || conn.lastStatus === "Staged"))
          this.writer.upsert({ ...connectorUpsert(conn), lastStatus: null, lastError: null });
        return done();
      }
    }

    let targetId = conn?.targetId && conn.state !== "Pending" ? conn.targetId : null;
    let exported: Record<string, unknown> = targetId ? conn!.exported : {};
    let changes = op.changes;
    let action: LogAction = op.action === "Create" ? "Create" : op.action;
    const logProps = () => changes;
    try {
      // Match the unlinked (never linked, or cut off by a crash before the target answered).
      if (!targetId) {
        const matcher = this.matchers.get(type)!;
        const m = matcher ? await matcher.match(op.matchOn) : { found: null, detail: "Not matched" };
        steps.push({ step: "Match", status: m.found ? "Success" : "Skipped", detail: m.detail });
        if (m.found) {
          targetId = m.found.id;
          exported = m.found.values;
          changes = diffValues(exported, op.values);
          if (op.action === "Create") action = "Update";
        } else if (op.action !== "Create") {
          // Out of scope and never reached the target: nothing to deprovision.
          this.writer.forget(type, op.sourceId);
          this.counts.skipped++;
          steps.push({ step: "Action", status: "Skipped", detail: "Not at the target: nothing to disable or delete" });
          this.record(op, "Skipped", "Skipped", steps, { durationMs: Date.now() - started });
          return done();
        }
      } else {
        steps.push({ step: "Match", status: "Success", detail: `Linked to target id ${targetId}` });
      }

      if (!targetId) {
        // Create.
        try {
          const created = await client.create(scimType, buildScimResource(type, op.values));
          targetId = created.id;
          exported = { ...op.values };
          steps.push({ step: "Action", status: "Success", detail: `Created with target id ${targetId}` });
          changes = Object.entries(op.values).map(([name, newValue]) => ({ name, oldValue: null, newValue }));
          this.counts.created++;
          action = "Create";
        } catch (e) {
          if (!(isScimError(e) && e.kind === "conflict")) throw e;
          // Already there (created by someone else, or a retried POST that did land): match and link.
          const m = await this.matchers.get(type)!.query(op.matchOn);
          if (!m.found) throw e;
          steps.push({ step: "Match", status: "Success", detail: `The target answered 409 Conflict; ${m.detail}` });
          targetId = m.found.id;
          exported = m.found.values;
          changes = diffValues(exported, op.values);
          action = "Update";
        }
      }

      if (action === "Delete") {
        try {
          await client.delete(scimType, targetId);
        } catch (e) {
          if (!(isScimError(e) && e.kind === "notFound")) throw e;
        }
        steps.push({
          step: "Action",
          status: "Success",
          detail: `Deleted target id ${targetId}${op.reason ? ` (${op.reason})` : ""}`,
        });
        this.counts.deleted++;
        this.okOps++;
        this.writer.forget(type, op.sourceId);
        this.record(op, "Delete", "Success", steps, { targetId, durationMs: Date.now() - started });
        return done();
      }

      if (action !== "Create") {
        // Update or Disable: only the attributes that differ.
        if (changes.length > 0) {
          const sendUpdate =
            type === "User" ? this.ctx.job.userUpdate || action === "Disable" : this.ctx.job.groupUpdate;
          if (sendUpdate) {
            targetId = await this.sendUpdate(op, targetId, exported, changes, steps);
            exported = { ...exported, ...Object.fromEntries(changes.map((c) => [c.name, c.newValue])) };
            steps.push({
              step: "Action",
              status: "Success",
              detail: `${action === "Disable" ? "Disabled" : "Updated"} ${changes.length} attribute${changes.length === 1 ? "" : "s"}: ${changes.map((c) => c.name).join(", ")}`,
            });
            if (action === "Disable") this.counts.disabled++;
            else this.counts.updated++;
          } else {
            steps.push({ step: "Action", status: "Skipped", detail: "Linked; the Update target object action is off" });
            action = "Other";
          }
        } else {
          steps.push({
            step: "Action",
            status: "Success",
            detail: "Linked to the existing target object; it is already up to date",
          });
          action = "Other";
        }
      }

      this.okOps++;
      const state: ConnectorRow["state"] =
        op.objectType === "User" && (op.action === "Disable" || exported.active === false) && op.scope !== "InScope"
          ? "Disabled"
          : "Provisioned";
      const members =
        type === "Group"
          ? op.action === "Create" && action === "Create"
            ? []
            : targetId === conn?.targetId
              ? (conn?.members ?? null)
              : null
          : null;
      this.writer.upsert({
        objectType: type,
        sourceId: op.sourceId,
        targetId,
        exported,
        members,
        state,
        lastStatus: "Success",
        lastError: null,
        failureCount: 0,
      });
      if (type === "Group" && op.scope === "InScope") this.memberGroups.add(op.sourceId);
      this.record(op, action, "Success", steps, {
        targetId,
        modifiedProperties: logProps(),
        durationMs: Date.now() - started,
      });
      return done();
    } catch (e) {
      // Cut off because another request found the credentials refused: not this object's failure.
      if (e instanceof CredentialsRejected || this.o.abort.signal.aborted)
        throw this.credentialsError ? new CredentialsRejected(this.credentialsError) : e;
      const err = this.classify(e);
      steps.push({ step: "Action", status: "Failure", detail: err.message });
      this.counts.failed++;
      this.record(op, action, "Failure", steps, {
        targetId,
        modifiedProperties: logProps(),
        errorCode: err.code,
        errorDetail: err.message,
        durationMs: Date.now() - started,
      });
      const base = conn ?? emptyConnector(op);
      this.writer.upsert({
        ...connectorUpsert(base),
        lastStatus: "Failure",
        lastError: err.message.slice(0, 1000),
        failureCount: base.failureCount + 1,
      });
      done();
      if (this.credentialsError) throw new CredentialsRejected(this.credentialsError);
    }
  }

  /** PATCH (or PUT) the differing attributes; a 404 re-matches, then recreates. Returns the target id. */
  private async sendUpdate(
    op: PlannedOperation,
    targetId: string,
    exported: Record<string, unknown>,
    changes: PlannedOperation["changes"],
    steps: Step[],
  ): Promise<string> {
    const type = op.objectType;
    const scimType = scimTypeOf(type);
    const previous: Record<string, unknown> = {};
    const next: Record<string, unknown> = {};
    for (const c of changes) {
      previous[c.name] = c.oldValue;
      next[c.name] = c.newValue;
    }
    const ops = buildPatchOps(previous, next);
    const full = { ...exported, ...op.values };
    delete full.members;
    try {
      if (type === "User")
        await this.o.client.update(scimType, targetId, { ops, fullBody: buildScimResource(type, full) });
      else await this.o.client.patch(scimType, targetId, ops);
      return targetId;
    } catch (e) {
      if (!(isScimError(e) && e.kind === "notFound")) throw e;
    }
    // The object is gone at the target: match again, else create it anew.
    const m = await this.matchers.get(type)!.query(op.matchOn);
    steps.push({
      step: "Match",
      status: m.found ? "Success" : "Warning",
      detail: `Target id ${targetId} no longer exists; ${m.detail}`,
    });
    if (m.found) {
      const again = diffValues(m.found.values, full);
      const p: Record<string, unknown> = {};
      const n: Record<string, unknown> = {};
      for (const c of again) {
        p[c.name] = c.oldValue;
        n[c.name] = c.newValue;
      }
      if (again.length > 0) {
        if (type === "User")
          await this.o.client.update(scimType, m.found.id, {
            ops: buildPatchOps(p, n),
            fullBody: buildScimResource(type, full),
          });
        else await this.o.client.patch(scimType, m.found.id, buildPatchOps(p, n));
      }
      return m.found.id;
    }
    const created = await this.o.client.create(scimType, buildScimResource(type, full));
    steps.push({ step: "Action", status: "Success", detail: `Recreated with target id ${created.id}` });
    return created.id;
  }

  // -------------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------------

  private classify(e: unknown): { code: string; message: string } {
    if (isScimError(e)) {
      if (e.kind === "unauthorized" || e.kind === "forbidden") {
        if (!this.credentialsError) {
          this.credentialsError = e;
          this.o.abort.abort(new CredentialsRejected(e));
        }
      } else if (e.kind === "transient" || e.kind === "rateLimited") this.transientFailures++;
      else this.otherFailures++;
      const code = `Scim${e.kind[0].toUpperCase()}${e.kind.slice(1)}`;
      const detail = e.detail && !e.message.includes(e.detail) ? ` (${e.detail})` : "";
      return { code: e.status ? `${code}${e.status}` : code, message: `${e.message}${detail}` };
    }
    if (e instanceof CredentialsRejected) return { code: "ScimUnauthorized", message: e.message };
    this.otherFailures++;
    return { code: "InternalError", message: e instanceof Error ? e.message : String(e) };
  }

  private throwIfStopped(): void {
    if (this.credentialsError) throw new CredentialsRejected(this.credentialsError);
  }

  private progress(): void {
    this.o.onProgress?.();
  }

  private record(
    op: PlannedOperation,
    action: LogAction,
    status: LogStatus,
    steps: Step[],
    extra: {
      targetId?: string | null;
      modifiedProperties?: PlannedOperation["changes"];
      errorCode?: string;
      errorDetail?: string;
      durationMs?: number;
    } = {},
  ): void {
    this.recordRaw({
      objectType: op.objectType,
      sourceId: op.sourceId,
      targetId: extra.targetId ?? op.connector?.targetId ?? null,
      displayName: op.displayName,
      identity: op.identity,
      action,
      status,
      steps,
      modifiedProperties:
        extra.modifiedProperties && extra.modifiedProperties.length > 0 ? extra.modifiedProperties : null,
      errorCode: extra.errorCode ?? null,
      errorDetail: extra.errorDetail ?? null,
      durationMs: extra.durationMs ?? null,
    });
    this.outcome(op, action, status, steps, extra.targetId ?? op.connector?.targetId ?? null, extra.errorDetail);
  }

  private recordRaw(row: {
    objectType: ObjectType;
    sourceId: string;
    targetId: string | null;
    displayName?: string | null;
    identity: string;
    action: LogAction;
    status: LogStatus;
    steps: Step[];
    modifiedProperties?: PlannedOperation["changes"] | null;
    errorCode?: string | null;
    errorDetail?: string | null;
    durationMs?: number | null;
  }): void {
    this.writer.log({
      objectType: row.objectType,
      sourceId: row.sourceId,
      targetId: row.targetId,
      displayName: row.displayName ?? null,
      identity: row.identity,
      action: row.action,
      status: row.status,
      steps: row.steps,
      modifiedProperties: row.modifiedProperties ?? null,
      errorCode: row.errorCode ?? null,
      errorDetail: row.errorDetail ?? null,
      durationMs: row.durationMs ?? null,
    });
  }

  private outcome(
    op: PlannedOperation,
    action: ObjectOutcome["action"],
    status: ObjectOutcome["status"],
    steps: Step[],
    targetId: string | null,
    error?: string,
  ): void {
    if (!this.keepOutcomes) return;
    this.outcomes.push({
      objectType: op.objectType,
      sourceId: op.sourceId,
      identity: op.identity,
      action,
      status,
      steps,
      targetId,
      error,
    });
  }

  /** Runs fn over items with at most maxInFlight at once; stops taking new items once credentials fail. */
  private async pool<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const width = Math.max(1, Math.min(engineConfig().maxInFlight, items.length));
    const worker = async () => {
      while (next < items.length && !this.credentialsError) {
        const item = items[next++];
        try {
          await fn(item);
        } catch (e) {
          if (e instanceof CredentialsRejected) return;
          throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    this.throwIfStopped();
  }
}

function emptyConnector(op: PlannedOperation): ConnectorRow {
  return {
    id: "",
    objectType: op.objectType,
    sourceId: op.sourceId,
    targetId: null,
    exported: {},
    members: null,
    state: "Pending",
    lastStatus: null,
    failureCount: 0,
  };
}

function connectorUpsert(c: ConnectorRow): ConnectorUpsert {
  return {
    objectType: c.objectType,
    sourceId: c.sourceId,
    targetId: c.targetId,
    exported: c.exported,
    members: c.members,
    state: c.state,
    lastStatus: (c.lastStatus as ConnectorUpsert["lastStatus"]) ?? null,
    lastError: null,
    failureCount: c.failureCount,
  };
}

/** Candidates not linked to a target object yet (what matching may have to find). */
async function countUnlinked(jobId: string, type: ObjectType, ids: string[]): Promise<number> {
  let linked = 0;
  if (ids.length > 5000) {
    const rows = await prisma.connectorObject.findMany({
      where: { jobId, objectType: type, targetId: { not: null }, NOT: { state: "Pending" } },
      select: { sourceId: true },
    });
    const set = new Set(ids);
    for (const r of rows) if (set.has(r.sourceId)) linked++;
  } else {
    for (const part of chunks(ids, 900)) {
      linked += await prisma.connectorObject.count({
        where: { jobId, objectType: type, sourceId: { in: part }, targetId: { not: null }, NOT: { state: "Pending" } },
      });
    }
  }
  return ids.length - linked;
}
