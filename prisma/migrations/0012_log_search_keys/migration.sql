-- Case-insensitive prefix search on log identities (lib/db/sql/log-entries.ts) reads lower-cased copies
-- written with each entry by JavaScript's toLowerCase (every script, where SQLite's lower() folds ASCII
-- only). They replace the expression indexes of 0002_log_search. Entries already written get SQLite's
-- lower(): the same for ASCII, and they leave with the retention period.
ALTER TABLE "ProvisioningLogEntry" ADD COLUMN "identityKey" TEXT;
ALTER TABLE "ProvisioningLogEntry" ADD COLUMN "displayNameKey" TEXT;
UPDATE "ProvisioningLogEntry" SET "identityKey" = lower("identity"), "displayNameKey" = lower("displayName");
DROP INDEX "ProvisioningLogEntry_identity_lower_idx";
DROP INDEX "ProvisioningLogEntry_displayName_lower_idx";
CREATE INDEX "ProvisioningLogEntry_identityKey_idx" ON "ProvisioningLogEntry"("identityKey");
CREATE INDEX "ProvisioningLogEntry_displayNameKey_idx" ON "ProvisioningLogEntry"("displayNameKey");
