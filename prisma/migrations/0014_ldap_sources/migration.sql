-- LDAP sources (lib/sources/ldap): connection and sync state, entries by DN, the source sync log.
-- CreateTable
CREATE TABLE "LdapSourceConfig" (
    "sourceId" TEXT NOT NULL PRIMARY KEY,
    "settings" TEXT NOT NULL,
    "bindPassword" TEXT,
    "bindPasswordOrigin" TEXT,
    "deltaWatermark" TEXT,
    "lastFullSyncAt" DATETIME,
    "lastSyncAt" DATETIME,
    "nextSyncAt" DATETIME,
    "fullRequested" BOOLEAN NOT NULL DEFAULT false,
    "leaseUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LdapSourceConfig_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LdapEntry" (
    "sourceId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "anchor" TEXT NOT NULL,
    "dn" TEXT NOT NULL,
    "dnKey" TEXT NOT NULL,
    "seenRunId" INTEGER NOT NULL,

    PRIMARY KEY ("sourceId", "objectType", "anchor"),
    CONSTRAINT "LdapEntry_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LdapSyncRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "read" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "errors" TEXT,
    CONSTRAINT "LdapSyncRun_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LdapEntry_sourceId_objectType_dnKey_idx" ON "LdapEntry"("sourceId", "objectType", "dnKey");

-- CreateIndex
CREATE INDEX "LdapSyncRun_sourceId_id_idx" ON "LdapSyncRun"("sourceId", "id");


-- Case-insensitive userPrincipalName lookups (LDAP pages and SCIM pushes check a UPN is free).
CREATE INDEX "DirectoryUser_userPrincipalName_lower_idx" ON "DirectoryUser"(lower("userPrincipalName"));
