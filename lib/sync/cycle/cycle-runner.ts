import type { ScimClient } from "../../scim/create-scim-client";
import { applyOperation } from "../apply/apply-operation";
import type { ApplyRun } from "../apply/apply-run";
import { emptyConnector } from "../apply/connector-upsert";
import { CredentialsRejected } from "../apply/credentials-rejected";
import { CycleRecorder } from "../apply/cycle-recorder";
import { recordStagedDelete } from "../apply/record-staged-delete";
import { TargetMatcher } from "../apply/target-matcher";
import { TargetReader } from "../apply/target-reader";
import { updateGroupMembers } from "../apply/update-group-members";
import { planMemberUpdates } from "../plan/plan-member-updates";
import { planObjects } from "../plan/plan-objects";
import { countUnlinkedObjects } from "../store/count-unlinked-objects";
import { countLinkedObjects } from "../store/target-snapshot";
import type { JobContext } from "../store/load-job-context";
import { chunks, type AssignmentScope } from "../store/load-source";
import { ResultWriter, type ConnectorUpsert } from "../store/result-writer";
import { scimTypeOf, type CycleType, type ObjectType, type PlannedOperation } from "../sync-types";
import { engineConfig, listPageSizeFor } from "../engine-config";

export type RunnerOptions = {
  ctx: JobContext;
  client: ScimClient;
  cycleId: string;
  type: CycleType;
  scope: AssignmentScope;
  /** Abort signal shared with the client (aborted when the target refuses the credentials or the lease is lost). */
  abort: AbortController;
  /** On demand: match by query, never list the target. */
  forceQueryMatching?: boolean;
  /** Called (throttled by the caller) as objects complete. */
  onProgress?: () => void;
  /** Only these members of a group are sent (on demand); nothing is removed. */
  memberFilter?: Set<string>;
  /**
   * Reconcile with the target (initial cycles): read the linked objects' actual state (TargetSnapshot
   * rows under this read id) and plan against it, so changes, deletions and member drift made at the
   * target are corrected.
   */
  reconcile?: { readId: string };
};

/**
 * Applies plans through the SCIM client, object type by object type, in chunks: plan a chunk (pure),
 * persist create intents (Pending), run the operations with bounded concurrency (one apply handler per
 * object, lib/sync/apply), and write the outcomes in one batch. Disables and deletes are held until both
 * types are planned, so the deletion guard can count them all; group membership deltas go last, once
 * users are provisioned.
 */
export class CycleRunner {
  total = 0;

  private readonly rec: CycleRecorder;
  /** What the apply handlers share: the job, the target, the matchers and the bookkeeping. */
  private readonly apply: ApplyRun;
  private readonly deferred: PlannedOperation[] = [];
  private readonly memberGroups = new Set<string>();
  private readonly matchers = new Map<ObjectType, TargetMatcher>();
  private readonly readers = new Map<ObjectType, TargetReader>();

  /**
   * Objects planned, applied and written per batch: the configured size, but no more than about five
   * seconds of requests at the target's rate, so that against a slow target (Zscaler: 5/s) log entries
   * and the connector data store follow the cycle closely instead of once every 100 s.
   */
  private readonly chunkSize: number;

  constructor(private readonly o: RunnerOptions) {
    const rate = o.ctx.job.rateLimitPerSecond ?? o.ctx.template.capabilities.rateLimitPerSecond;
    this.chunkSize = Math.max(10, Math.min(engineConfig().chunkSize, Math.ceil(rate * 5)));
    this.rec = new CycleRecorder(new ResultWriter(o.ctx.jobId, o.cycleId, this.chunkSize), o.abort, o.onProgress);
    this.apply = {
      ctx: o.ctx,
      client: o.client,
      abort: o.abort,
      matchers: this.matchers,
      memberGroups: this.memberGroups,
      memberFilter: o.memberFilter,
      rec: this.rec,
      // On demand an admin asked about this very object: say why it is skipped.
      quietSkips: o.type !== "OnDemand",
    };
  }

  // What the cycle has done so far (read by run-cycle, on demand and the progress writer).
  get counts() {
    return this.rec.counts;
  }
  get processed() {
    return this.rec.processed;
  }
  get okOps() {
    return this.rec.okOps;
  }
  get transientFailures() {
    return this.rec.transientFailures;
  }
  get otherFailures() {
    return this.rec.otherFailures;
  }
  get credentialsError() {
    return this.rec.credentialsError;
  }
  get stagedDeletes() {
    return this.rec.stagedDeletes;
  }
  get outcomes() {
    return this.rec.outcomes;
  }
  /** Keep each object's outcome (on demand answers with them). */
  get keepOutcomes() {
    return this.rec.keepOutcomes;
  }
  set keepOutcomes(keep: boolean) {
    this.rec.keepOutcomes = keep;
  }

  private get ctx() {
    return this.o.ctx;
  }

  private get writer() {
    return this.rec.writer;
  }

  async run(candidates: { users: string[]; groups: string[] }, opts: { allowDeletes: boolean }): Promise<void> {
    this.total = candidates.users.length + candidates.groups.length;
    try {
      await this.phase("User", candidates.users);
      if (candidates.groups.length > 0) await this.phase("Group", candidates.groups);
      await this.deprovision(opts.allowDeletes);
      if (this.ctx.syncMembers && this.memberGroups.size > 0) await this.memberPhase([...this.memberGroups]);
    } catch (e) {
      // A listing or read for the whole type (not one object's request) met 401/403: the same refusal
      // as an object's, so the job is quarantined instead of the cycle failing without a reason.
      if (!this.rec.refusal(e)) {
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
    const pageSize = listPageSizeFor(this.ctx.template.capabilities.listPageSize, type);
    const chunkSize = this.chunkSize;
    const matcher = new TargetMatcher(
      this.o.client,
      scimTypeOf(type),
      this.ctx.matching[type],
      this.ctx.mappings[type].map((m) => m.target),
      pageSize,
    );
    this.matchers.set(type, matcher);
    if (this.o.reconcile) await this.startRead(type, pageSize);
    let prepared = false;
    // Plan a chunk and persist its create intents; the next chunk is prepared while this one's requests
    // are in flight (intents are written by the write thread), so the target never waits for it.
    const prepare = async (chunk: string[]): Promise<PlannedOperation[]> => {
      const ops = await this.planChunk(type, chunk);
      if (!prepared && ops.some((op) => op.needsMatch && op.action !== "Skip" && op.action !== "Forget")) {
        // One decision per type and cycle, from the count of unlinked objects among the candidates.
        prepared = true;
        const unlinked = await countUnlinkedObjects(this.ctx.jobId, type, ids);
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
      await this.pool(now, (op) => applyOperation(this.apply, op));
      await this.writer.flushIfFull();
    }
  }

  planChunk(type: ObjectType, ids: string[]): Promise<PlannedOperation[]> {
    const reader = this.readers.get(type);
    const observe = reader ? (targetIds: string[]) => reader.observe(targetIds) : undefined;
    return planObjects({ ctx: this.ctx, scope: this.o.scope, type, ids, observe });
  }

  /** A reconcile's read of one type: the whole target by listing when cheaper than one GET per object. */
  private async startRead(type: ObjectType, pageSize: number): Promise<void> {
    const reader = new TargetReader({
      client: this.o.client,
      type,
      jobId: this.ctx.jobId,
      readId: this.o.reconcile!.readId,
      keepPaths: this.ctx.mappings[type].map((m) => m.target),
      pageSize,
    });
    this.readers.set(type, reader);
    await reader.prepare(await countLinkedObjects(this.ctx.jobId, type));
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
        recordStagedDelete(this.apply, op, ops.length);
        await this.writer.flushIfFull();
        this.rec.progress();
      }
      return;
    }
    // Users first, then groups: a deleted group never hides a user's disable.
    for (const batch of chunks(ops, this.chunkSize)) {
      this.throwIfStopped();
      await this.pool(batch, (op) => applyOperation(this.apply, op));
      await this.writer.flushIfFull();
    }
  }

  private async memberPhase(groupIds: string[]): Promise<void> {
    for (const chunk of chunks(groupIds, 200)) {
      this.throwIfStopped();
      await this.writer.flush(); // the connector rows read below must be current
      const reader = this.readers.get("Group");
      const { updates, userLinks } = await planMemberUpdates({
        ctx: this.ctx,
        scope: this.o.scope,
        groupIds: chunk,
        memberFilter: this.o.memberFilter,
        observeMembers: reader ? (targetIds) => reader.observeMembers(targetIds) : undefined,
      });
      await this.pool(updates, (update) => updateGroupMembers(this.apply, update, userLinks));
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------------

  private throwIfStopped(): void {
    if (this.credentialsError) throw new CredentialsRejected(this.credentialsError);
    // Aborted for another reason: the cycle lost its lease, or could not confirm it (lease-fence.ts).
    this.o.abort.signal.throwIfAborted();
  }

  /** Runs fn over items with at most maxInFlight at once; stops taking new items once the cycle stops. */
  private async pool<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const width = Math.max(1, Math.min(engineConfig().maxInFlight, items.length));
    const signal = this.o.abort.signal;
    const worker = async () => {
      while (next < items.length && !this.credentialsError && !signal.aborted) {
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
