import { prisma } from "../../db/prisma";
import { defaultLdapSettings, ldapSettingsSchema, parseStoredLdapSettings, type LdapSettings } from "./ldap-settings";
import { databaseNow } from "../../db/database-clock";

export type LdapSourceConfigView = {
  /** The saved settings, or the preset's draft while none were saved. Never the password. */
  settings: LdapSettings;
  configured: boolean;
  hasPassword: boolean;
  lastSyncAt: Date | null;
  lastFullSyncAt: Date | null;
  nextSyncAt: Date | null;
  running: boolean;
};

/** What an LDAP source's page shows of its configuration and sync state. */
export async function getLdapSourceConfig(sourceId: string): Promise<LdapSourceConfigView | null> {
  const config = await prisma.ldapSourceConfig.findUnique({ where: { sourceId } });
  if (!config) return null;
  const saved = parseStoredLdapSettings(config.settings);
  let settings = saved;
  if (!settings) {
    const draft = JSON.parse(config.settings) as Partial<LdapSettings>;
    const base = defaultLdapSettings(draft.preset === "OpenLdap" ? "OpenLdap" : "ActiveDirectory");
    const merged = ldapSettingsSchema.safeParse({ ...base, ...draft });
    settings = merged.success ? merged.data : { ...base, ...draft };
  }
  const now = await databaseNow();
  return {
    settings,
    configured: saved !== null && config.bindPassword !== null,
    hasPassword: config.bindPassword !== null,
    lastSyncAt: config.lastSyncAt,
    lastFullSyncAt: config.lastFullSyncAt,
    nextSyncAt: config.nextSyncAt,
    running: config.leaseUntil !== null && config.leaseUntil > now,
  };
}
