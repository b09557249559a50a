-- A saved Secret Token is bound to the origin (scheme://host:port) of the Tenant URL it was saved with, and is
-- sent nowhere else. Tokens saved before this are bound to their job's current Tenant URL: its scheme and
-- authority, up to the first "/", "?" or "#". The app compares origins after parsing both with WHATWG URL
-- rules (default ports dropped, host case folded), so this only has to keep that prefix.
ALTER TABLE "ProvisioningJob" ADD COLUMN "secretTokenOrigin" TEXT;

UPDATE "ProvisioningJob"
SET "secretTokenOrigin" = lower(
  substr("tenantUrl", 1, instr("tenantUrl", '://') + 2) ||
  substr(
    substr("tenantUrl", instr("tenantUrl", '://') + 3),
    1,
    min(
      coalesce(nullif(instr(substr("tenantUrl", instr("tenantUrl", '://') + 3), '/'), 0), 100000),
      coalesce(nullif(instr(substr("tenantUrl", instr("tenantUrl", '://') + 3), '?'), 0), 100000),
      coalesce(nullif(instr(substr("tenantUrl", instr("tenantUrl", '://') + 3), '#'), 0), 100000)
    ) - 1
  )
)
WHERE "secretTokenEnc" IS NOT NULL AND "tenantUrl" IS NOT NULL AND instr("tenantUrl", '://') > 0;
