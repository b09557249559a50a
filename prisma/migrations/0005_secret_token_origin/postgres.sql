-- migration.sql's backfill in PostgreSQL's functions: the Tenant URL's scheme and "://", then its
-- authority up to the first "/", "?" or "#", lower-cased.
UPDATE "ProvisioningJob"
SET "secretTokenOrigin" = lower(
  substring("tenantUrl" from 1 for position('://' in "tenantUrl") + 2) ||
  substring(substring("tenantUrl" from position('://' in "tenantUrl") + 3) from '^[^/?#]*')
)
WHERE "secretTokenEnc" IS NOT NULL AND "tenantUrl" IS NOT NULL AND position('://' in "tenantUrl") > 0;
