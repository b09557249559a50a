import { z } from "zod";
import { prisma } from "../../db/prisma";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors";
import { encryptSecret } from "../../secrets/secret-box";
import { loadSourceForWrite } from "../load-source-for-write";
import { sourceIdSchema } from "../source-schemas";
import { ldapOrigin, ldapSettingsSchema, type LdapSettings } from "./ldap-settings";
import { wakeLdapSync } from "./ldap-sync-scheduler";
import { databaseNow } from "../../db/database-clock";

export const saveLdapSettingsInput = z.object({
  sourceId: sourceIdSchema,
  settings: ldapSettingsSchema,
  /** Write-only: empty keeps the saved password (for the same server only). */
  bindPassword: z.string().max(1000).optional(),
});

/** What decides which entries are read: a change means the next run is a full read. */
const SCOPE_FIELDS = ["url", "baseDn", "userFilter", "groupFilter", "deltaAttribute", "membership", "userMap"] as const;

const invalid = (field: string, message: string) =>
  new AppError("ldap.invalid", message, { [field]: message } as Record<string, string>);

/**
 * Saves an LDAP source's settings and, when given, its bind password (sealed with AES-256-GCM and bound to the
 * server's origin, so it is never sent to another server). A change to what is read makes the next run a full
 * read; the sync starts soon after. The audit trail records the settings and whether the password changed.
 */
export async function saveLdapSettings(input: z.input<typeof saveLdapSettingsInput>, actor: string): Promise<void> {
  const { sourceId, settings, bindPassword } = saveLdapSettingsInput.parse(input);
  const origin = ldapOrigin(settings.url)!;
  await prisma.$transaction(async (tx) => {
    const source = await loadSourceForWrite(tx, sourceId);
    if (source.kind !== "Ldap") throw new AppError("source.kind", "Only LDAP sources have these settings.");
    const config = await tx.ldapSourceConfig.findUniqueOrThrow({ where: { sourceId } });
    const before = JSON.parse(config.settings) as Partial<LdapSettings>;
    if (before.anchorAttribute && before.anchorAttribute !== settings.anchorAttribute) {
      const owned = await tx.directoryUser.count({ where: { sourceId } });
      if (owned > 0)
        throw invalid(
          "anchorAttribute",
          "The anchor cannot change while the source owns users: every object would be read as a new one.",
        );
    }
    const password = bindPassword ? bindPassword : null;
    if (!password && !config.bindPassword) throw invalid("bindPassword", "Enter the bind password");
    if (!password && config.bindPasswordOrigin !== origin)
      throw invalid("bindPassword", "Enter the bind password again: it was saved for another server");
    const rescope = SCOPE_FIELDS.some((f) => JSON.stringify(before[f]) !== JSON.stringify(settings[f]));
    await tx.ldapSourceConfig.update({
      where: { sourceId },
      data: {
        settings: JSON.stringify(settings),
        ...(password ? { bindPassword: encryptSecret(password), bindPasswordOrigin: origin } : {}),
        ...(rescope ? { fullRequested: true, deltaWatermark: null } : {}),
        nextSyncAt: await databaseNow(),
      },
    });
    const { caCert, ...shown } = settings;
    await recordAuditEvent(tx, {
      actor,
      action: "source.ldap.updated",
      details: { sourceId, settings: { ...shown, caCert: caCert ? "(set)" : "" }, passwordChanged: !!password },
    });
  });
  wakeLdapSync();
}
