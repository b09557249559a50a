-- The identity search's indexes, recreated under the "C" collation: then a prefix is an index range
-- whatever the database's default collation (lib/db/sql/postgres-dialect.ts, keyPrefix). The schema
-- cannot say COLLATE, so the diff above creates them plain first.
UPDATE "ProvisioningLogEntry" SET "identityKey" = lower("identity"), "displayNameKey" = lower("displayName");
DROP INDEX "ProvisioningLogEntry_identityKey_idx";
DROP INDEX "ProvisioningLogEntry_displayNameKey_idx";
CREATE INDEX "ProvisioningLogEntry_identityKey_idx" ON "ProvisioningLogEntry"("identityKey" COLLATE "C");
CREATE INDEX "ProvisioningLogEntry_displayNameKey_idx" ON "ProvisioningLogEntry"("displayNameKey" COLLATE "C");
