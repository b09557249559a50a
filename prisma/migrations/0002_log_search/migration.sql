-- Case-insensitive prefix search on provisioning log identities (lib/logs/query-log-entries.ts).
-- Expression indexes cannot be declared in schema.prisma, so they live in this hand-written migration.
CREATE INDEX "ProvisioningLogEntry_identity_lower_idx" ON "ProvisioningLogEntry"(lower("identity"));
CREATE INDEX "ProvisioningLogEntry_displayName_lower_idx" ON "ProvisioningLogEntry"(lower("displayName"));
