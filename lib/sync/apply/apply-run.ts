import type { ScimClient } from "../../scim/create-scim-client";
import type { JobContext } from "../store/load-job-context";
import type { ConnectorRow, LogAction, ModifiedProperty, ObjectType, PlannedOperation, Step } from "../sync-types";
import type { CycleRecorder } from "./cycle-recorder";
import type { TargetMatcher } from "./target-matcher";

/** What every apply handler works with: the job, the target, its matchers and the cycle's bookkeeping. */
export type ApplyRun = {
  ctx: JobContext;
  client: ScimClient;
  /** Shared with the client: aborted when the target refuses the credentials. */
  abort: AbortController;
  /** One per object type, set when that type's phase starts. */
  matchers: Map<ObjectType, TargetMatcher>;
  /** Groups in scope whose membership the member phase brings up to date. */
  memberGroups: Set<string>;
  /** Only these members of a group are sent (on demand); nothing is removed. */
  memberFilter?: Set<string>;
  rec: CycleRecorder;
  /** Skips of objects that are not this application's (PlannedOperation.quiet) leave no log entry. */
  quietSkips: boolean;
};

/**
 * One object on its way to the target. The handlers (match, create, update, delete) fill it in as they
 * learn more, so that a failure at any point is logged with what was known by then.
 */
export type Attempt = {
  op: PlannedOperation;
  started: number;
  steps: Step[];
  conn: ConnectorRow | null;
  /** The linked, matched or created target object; null until known. */
  targetId: string | null;
  /** The target object's values as last exported or as found. */
  exported: Record<string, unknown>;
  /** What this operation changes at the target (logged as the modified properties). */
  changes: ModifiedProperty[];
  /** What the log says was done: a Create that matched becomes an Update, an up-to-date one Other. */
  action: LogAction;
};
