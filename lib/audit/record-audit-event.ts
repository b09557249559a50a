import type { Tx } from "../db/prisma";

export type AuditInput = {
  actor: string;
  action: string;
  applicationId?: string | null;
  /** Never put a secret here: record that it changed, not its value. */
  details?: Record<string, unknown>;
};

/** Records one configuration change. Call it inside the transaction that makes the change. */
export async function recordAuditEvent(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: input.actor,
      action: input.action,
      applicationId: input.applicationId ?? null,
      details: input.details ? JSON.stringify(input.details) : null,
    },
  });
}
