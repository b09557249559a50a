import type { ApplyRun, Attempt } from "./apply-run";
import { connectorUpsert, emptyConnector } from "./connector-upsert";
import { CredentialsRejected } from "./credentials-rejected";

/**
 * One object's request failed: log it with what was known by then and count the failure on its connector
 * row; the other objects go on. Throws CredentialsRejected when the target refused the credentials, which
 * stops the cycle.
 */
export function recordFailure(run: ApplyRun, a: Attempt, e: unknown): void {
  const { rec } = run;
  // Cut off because another request found the credentials refused: not this object's failure.
  if (e instanceof CredentialsRejected || run.abort.signal.aborted)
    throw rec.credentialsError ? new CredentialsRejected(rec.credentialsError) : e;
  const { op, conn, steps } = a;
  const err = rec.classify(e);
  steps.push({ step: "Action", status: "Failure", detail: err.message });
  rec.counts.failed++;
  rec.record(op, a.action, "Failure", steps, {
    targetId: a.targetId,
    modifiedProperties: a.changes,
    errorCode: err.code,
    errorDetail: err.message,
    durationMs: Date.now() - a.started,
  });
  const base = conn ?? emptyConnector(op);
  rec.writer.upsert({
    ...connectorUpsert(base),
    lastStatus: "Failure",
    lastError: err.message.slice(0, 1000),
    failureCount: base.failureCount + 1,
  });
  rec.objectDone();
  if (rec.credentialsError) throw new CredentialsRejected(rec.credentialsError);
}
