import { z } from "zod";
import { prisma } from "../../db/prisma";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors";
import { sourceIdSchema } from "../source-schemas";
import { wakeLdapSync } from "./ldap-sync-scheduler";
import { databaseNow } from "../../db/database-clock";

export const requestLdapSyncInput = z.object({ sourceId: sourceIdSchema, full: z.boolean().default(false) });

/** Run now: the source's next run starts at once (a full read when asked), instead of after its interval. */
export async function requestLdapSync(input: z.input<typeof requestLdapSyncInput>, actor: string): Promise<void> {
  const { sourceId, full } = requestLdapSyncInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const config = await tx.ldapSourceConfig.findUnique({ where: { sourceId } });
    if (!config) throw new AppError("source.not_found", "This LDAP source no longer exists.");
    if (!config.bindPassword) throw new AppError("ldap.not_configured", "Save the connection settings first.");
    await tx.ldapSourceConfig.update({
      where: { sourceId },
      data: { nextSyncAt: await databaseNow(), ...(full ? { fullRequested: true } : {}) },
    });
    await recordAuditEvent(tx, { actor, action: "source.ldap.run_now", details: { sourceId, full } });
  });
  wakeLdapSync();
}
