-- Sources (lib/sources): inbound SCIM push and, later, LDAP. Directory objects get an owning source and an anchor.

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Active',
    "attributeMap" TEXT NOT NULL,
    "lastChangeAt" DATETIME,
    "lastRequestAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SourceToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "SourceToken_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SourceEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "operation" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "identity" TEXT,
    "detail" TEXT,
    CONSTRAINT "SourceEvent_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SourceResource" (
    "sourceId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "anchor" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "userNameKey" TEXT,
    "externalId" TEXT,
    "displayNameKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("sourceId", "objectType", "anchor"),
    CONSTRAINT "SourceResource_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DirectoryUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userPrincipalName" TEXT NOT NULL,
    "mailNickname" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "givenName" TEXT,
    "surname" TEXT,
    "mail" TEXT,
    "department" TEXT,
    "jobTitle" TEXT,
    "employeeId" TEXT,
    "companyName" TEXT,
    "officeLocation" TEXT,
    "streetAddress" TEXT,
    "city" TEXT,
    "state" TEXT,
    "postalCode" TEXT,
    "country" TEXT,
    "usageLocation" TEXT,
    "telephoneNumber" TEXT,
    "mobilePhone" TEXT,
    "preferredLanguage" TEXT,
    "accountEnabled" BOOLEAN NOT NULL DEFAULT true,
    "managerId" TEXT,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sourceId" TEXT,
    "sourceAnchor" TEXT,
    "externalId" TEXT,
    CONSTRAINT "DirectoryUser_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_DirectoryUser" ("accountEnabled", "city", "companyName", "country", "createdAt", "deletedAt", "department", "displayName", "employeeId", "givenName", "id", "jobTitle", "mail", "mailNickname", "mobilePhone", "officeLocation", "postalCode", "preferredLanguage", "state", "streetAddress", "surname", "telephoneNumber", "updatedAt", "usageLocation", "userPrincipalName") SELECT "accountEnabled", "city", "companyName", "country", "createdAt", "deletedAt", "department", "displayName", "employeeId", "givenName", "id", "jobTitle", "mail", "mailNickname", "mobilePhone", "officeLocation", "postalCode", "preferredLanguage", "state", "streetAddress", "surname", "telephoneNumber", "updatedAt", "usageLocation", "userPrincipalName" FROM "DirectoryUser";
DROP TABLE "DirectoryUser";
ALTER TABLE "new_DirectoryUser" RENAME TO "DirectoryUser";
CREATE UNIQUE INDEX "DirectoryUser_userPrincipalName_key" ON "DirectoryUser"("userPrincipalName");
CREATE INDEX "DirectoryUser_displayName_idx" ON "DirectoryUser"("displayName");
CREATE INDEX "DirectoryUser_deletedAt_idx" ON "DirectoryUser"("deletedAt");
CREATE UNIQUE INDEX "DirectoryUser_sourceId_sourceAnchor_key" ON "DirectoryUser"("sourceId", "sourceAnchor");
CREATE TABLE "new_DirectoryGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "mailNickname" TEXT,
    "description" TEXT,
    "mail" TEXT,
    "securityEnabled" BOOLEAN NOT NULL DEFAULT true,
    "mailEnabled" BOOLEAN NOT NULL DEFAULT false,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sourceId" TEXT,
    "sourceAnchor" TEXT,
    "externalId" TEXT,
    CONSTRAINT "DirectoryGroup_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_DirectoryGroup" ("createdAt", "deletedAt", "description", "displayName", "id", "mail", "mailEnabled", "mailNickname", "securityEnabled", "updatedAt") SELECT "createdAt", "deletedAt", "description", "displayName", "id", "mail", "mailEnabled", "mailNickname", "securityEnabled", "updatedAt" FROM "DirectoryGroup";
DROP TABLE "DirectoryGroup";
ALTER TABLE "new_DirectoryGroup" RENAME TO "DirectoryGroup";
CREATE INDEX "DirectoryGroup_displayName_idx" ON "DirectoryGroup"("displayName");
CREATE UNIQUE INDEX "DirectoryGroup_sourceId_sourceAnchor_key" ON "DirectoryGroup"("sourceId", "sourceAnchor");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Source_name_key" ON "Source"("name");

-- CreateIndex
CREATE UNIQUE INDEX "SourceToken_tokenHash_key" ON "SourceToken"("tokenHash");

-- CreateIndex
CREATE INDEX "SourceToken_sourceId_idx" ON "SourceToken"("sourceId");

-- CreateIndex
CREATE INDEX "SourceEvent_sourceId_id_idx" ON "SourceEvent"("sourceId", "id");

-- CreateIndex
CREATE INDEX "SourceResource_sourceId_objectType_userNameKey_idx" ON "SourceResource"("sourceId", "objectType", "userNameKey");

-- CreateIndex
CREATE INDEX "SourceResource_sourceId_objectType_externalId_idx" ON "SourceResource"("sourceId", "objectType", "externalId");

-- CreateIndex
CREATE INDEX "SourceResource_sourceId_objectType_displayNameKey_idx" ON "SourceResource"("sourceId", "objectType", "displayNameKey");

-- CreateIndex
CREATE INDEX "SourceResource_sourceId_objectType_createdAt_idx" ON "SourceResource"("sourceId", "objectType", "createdAt");

