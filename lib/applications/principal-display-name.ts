import type { Tx } from "../db/prisma";
import type { PrincipalType } from "./principal-type";

/**
 * The directory name of an assigned user or group, for audit entries that must say who they concern. Deleted
 * objects keep their row (and name) until permanently deleted; null when the row is gone.
 */
export async function principalDisplayName(tx: Tx, type: PrincipalType, id: string): Promise<string | null> {
  const row =
    type === "User"
      ? await tx.directoryUser.findUnique({ where: { id }, select: { displayName: true } })
      : await tx.directoryGroup.findUnique({ where: { id }, select: { displayName: true } });
  return row?.displayName ?? null;
}
