import type { Tx } from "../db/prisma";

export type SourceEventInput = {
  sourceId: string;
  method: string;
  path: string;
  status: number;
  operation: "Create" | "Update" | "Delete" | "Members" | "Refused" | "Failed";
  objectType?: "User" | "Group";
  objectId?: string;
  identity?: string | null;
  /** What happened or why it was refused, for an admin. Never a request body or a token. */
  detail?: string | null;
};

const MAX_TEXT = 500;
const clip = (v: string | null | undefined) =>
  v == null ? null : v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;

/** Appends to a source's recent activity (pruned by pruneSourceEvents). */
export async function recordSourceEvent(tx: Tx, event: SourceEventInput): Promise<void> {
  await tx.sourceEvent.create({
    data: {
      sourceId: event.sourceId,
      method: event.method,
      path: clip(event.path)!,
      status: event.status,
      operation: event.operation,
      objectType: event.objectType ?? null,
      objectId: event.objectId ?? null,
      identity: clip(event.identity),
      detail: clip(event.detail),
    },
  });
}
