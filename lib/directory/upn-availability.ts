import type { Tx } from "../db/prisma";
import { isPrismaError } from "../db/prisma-errors";
import { selectUpnMatches } from "../db/sql/directory-users";
import { AppError } from "../errors";

/** Entra treats user principal names case-insensitively, so "Alex@contoso.com" and "alex@contoso.com" clash. */
export async function assertUpnAvailable(tx: Tx, userPrincipalName: string, exceptUserId?: string): Promise<void> {
  const rows = await selectUpnMatches(tx, userPrincipalName);
  const clash = rows.find((r) => r.id !== exceptUserId);
  if (clash) throw upnTakenError(clash.userPrincipalName);
}

export function upnTakenError(userPrincipalName: string): AppError {
  const message = `Another user already has the user principal name ${userPrincipalName}. User principal names must be unique (deleted users keep theirs until permanently deleted).`;
  return new AppError("directory.upn_taken", message, { userPrincipalName: message });
}

/** The database's own guard, for a race the check above cannot see. */
export function isUniqueViolation(e: unknown): boolean {
  return isPrismaError(e, "P2002");
}
