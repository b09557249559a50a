import { prisma } from "../../db/prisma";
import type { LdapEntryProblem } from "./ldap-run-context";

export type LdapSyncRunItem = {
  id: number;
  mode: string;
  status: string;
  startedAt: Date;
  endedAt: Date | null;
  read: number;
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  message: string | null;
  errors: LdapEntryProblem[];
};

/** The source sync log: recent runs, newest first, with their counts and per-entry errors. */
export async function listLdapSyncRuns(sourceId: string, limit = 20): Promise<LdapSyncRunItem[]> {
  const rows = await prisma.ldapSyncRun.findMany({
    where: { sourceId },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(1, limit), 100),
  });
  return rows.map(({ sourceId: _s, errors, ...r }) => ({
    ...r,
    errors: errors ? (JSON.parse(errors) as LdapEntryProblem[]) : [],
  }));
}
