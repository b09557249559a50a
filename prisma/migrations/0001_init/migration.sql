-- CreateTable
CREATE TABLE "DirectoryUser" (
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
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DirectoryGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "mailNickname" TEXT,
    "description" TEXT,
    "mail" TEXT,
    "securityEnabled" BOOLEAN NOT NULL DEFAULT true,
    "mailEnabled" BOOLEAN NOT NULL DEFAULT false,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("groupId", "userId"),
    CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "DirectoryGroup" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "DirectoryUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DirectoryChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "principalType" TEXT NOT NULL,
    "principalId" TEXT NOT NULL,
    "appRole" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProvisioningJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'Manual',
    "tenantUrl" TEXT,
    "secretTokenEnc" TEXT,
    "credentialsTestedAt" DATETIME,
    "credentialsTestOk" BOOLEAN NOT NULL DEFAULT false,
    "credentialsTestMsg" TEXT,
    "credentialsTestFingerprint" TEXT,
    "notificationEmail" TEXT,
    "sendOnFailure" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT NOT NULL DEFAULT 'AssignedOnly',
    "preventAccidentalDeletion" BOOLEAN NOT NULL DEFAULT true,
    "deletionThreshold" INTEGER NOT NULL DEFAULT 500,
    "skipOutOfScopeDeletions" BOOLEAN NOT NULL DEFAULT false,
    "groupProvisioningEnabled" BOOLEAN NOT NULL DEFAULT true,
    "rateLimitPerSecond" REAL,
    "userCreate" BOOLEAN NOT NULL DEFAULT true,
    "userUpdate" BOOLEAN NOT NULL DEFAULT true,
    "userDelete" BOOLEAN NOT NULL DEFAULT true,
    "groupCreate" BOOLEAN NOT NULL DEFAULT true,
    "groupUpdate" BOOLEAN NOT NULL DEFAULT true,
    "groupDelete" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'NotConfigured',
    "watermark" INTEGER NOT NULL DEFAULT 0,
    "fullSyncRequired" BOOLEAN NOT NULL DEFAULT true,
    "allowDeletesOnce" BOOLEAN NOT NULL DEFAULT false,
    "quarantineReason" TEXT,
    "quarantineSince" DATETIME,
    "quarantineLevel" INTEGER NOT NULL DEFAULT 0,
    "nextRunAt" DATETIME,
    "lastCycleEndedAt" DATETIME,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "cycleIntervalMinutes" INTEGER,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "failureNotifiedKey" TEXT,
    "failureNotifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProvisioningJob_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttributeMapping" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "mappingType" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "defaultValue" TEXT,
    "applyOn" TEXT NOT NULL DEFAULT 'Always',
    "matchingPrecedence" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "AttributeMapping_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetAttribute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'String',
    "required" BOOLEAN NOT NULL DEFAULT false,
    "multiValued" BOOLEAN NOT NULL DEFAULT false,
    "caseExact" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "TargetAttribute_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScopingFilter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'Scoping filter',
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ScopingFilter_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScopingClause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "filterId" TEXT NOT NULL,
    "attribute" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "value" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ScopingClause_filterId_fkey" FOREIGN KEY ("filterId") REFERENCES "ScopingFilter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConnectorObject" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "targetId" TEXT,
    "exported" TEXT,
    "members" TEXT,
    "state" TEXT NOT NULL DEFAULT 'Provisioned',
    "lastStatus" TEXT,
    "lastError" TEXT,
    "failureCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConnectorObject_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cycle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Running',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "disabled" INTEGER NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "staged" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "watermarkTo" INTEGER,
    "error" TEXT,
    CONSTRAINT "Cycle_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProvisioningLogEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    "cycleId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "objectType" TEXT NOT NULL,
    "sourceId" TEXT,
    "targetId" TEXT,
    "displayName" TEXT,
    "identity" TEXT,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "modifiedProperties" TEXT,
    "errorCode" TEXT,
    "errorDetail" TEXT,
    "durationMs" INTEGER,
    CONSTRAINT "ProvisioningLogEntry_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "applicationId" TEXT,
    "action" TEXT NOT NULL,
    "details" TEXT,
    CONSTRAINT "AuditEvent_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applicationId" TEXT,
    "kind" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "delivery" TEXT NOT NULL,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "SandboxUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "displayNameKey" TEXT,
    "resource" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SandboxGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "displayNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "memberCount" INTEGER NOT NULL DEFAULT 0,
    "resource" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AdminUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "displayName" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AdminSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AdminSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "AdminUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "username" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryUser_userPrincipalName_key" ON "DirectoryUser"("userPrincipalName");

-- CreateIndex
CREATE INDEX "DirectoryUser_displayName_idx" ON "DirectoryUser"("displayName");

-- CreateIndex
CREATE INDEX "DirectoryUser_deletedAt_idx" ON "DirectoryUser"("deletedAt");

-- CreateIndex
CREATE INDEX "DirectoryGroup_displayName_idx" ON "DirectoryGroup"("displayName");

-- CreateIndex
CREATE INDEX "GroupMembership_userId_idx" ON "GroupMembership"("userId");

-- CreateIndex
CREATE INDEX "DirectoryChange_objectType_objectId_idx" ON "DirectoryChange"("objectType", "objectId");

-- CreateIndex
CREATE INDEX "Assignment_principalId_idx" ON "Assignment"("principalId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_applicationId_principalType_principalId_key" ON "Assignment"("applicationId", "principalType", "principalId");

-- CreateIndex
CREATE UNIQUE INDEX "ProvisioningJob_applicationId_key" ON "ProvisioningJob"("applicationId");

-- CreateIndex
CREATE INDEX "AttributeMapping_jobId_objectType_idx" ON "AttributeMapping"("jobId", "objectType");

-- CreateIndex
CREATE UNIQUE INDEX "TargetAttribute_jobId_objectType_name_key" ON "TargetAttribute"("jobId", "objectType", "name");

-- CreateIndex
CREATE INDEX "ScopingFilter_jobId_objectType_idx" ON "ScopingFilter"("jobId", "objectType");

-- CreateIndex
CREATE INDEX "ConnectorObject_jobId_lastStatus_idx" ON "ConnectorObject"("jobId", "lastStatus");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectorObject_jobId_objectType_sourceId_key" ON "ConnectorObject"("jobId", "objectType", "sourceId");

-- CreateIndex
CREATE INDEX "Cycle_jobId_startedAt_idx" ON "Cycle"("jobId", "startedAt");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_at_idx" ON "ProvisioningLogEntry"("at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_jobId_at_idx" ON "ProvisioningLogEntry"("jobId", "at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_jobId_status_at_idx" ON "ProvisioningLogEntry"("jobId", "status", "at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_jobId_action_at_idx" ON "ProvisioningLogEntry"("jobId", "action", "at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_status_at_idx" ON "ProvisioningLogEntry"("status", "at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_action_at_idx" ON "ProvisioningLogEntry"("action", "at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_cycleId_at_idx" ON "ProvisioningLogEntry"("cycleId", "at");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_sourceId_idx" ON "ProvisioningLogEntry"("sourceId");

-- CreateIndex
CREATE INDEX "ProvisioningLogEntry_targetId_idx" ON "ProvisioningLogEntry"("targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_applicationId_id_idx" ON "AuditEvent"("applicationId", "id");

-- CreateIndex
CREATE INDEX "OutboxMessage_createdAt_idx" ON "OutboxMessage"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxUser_userNameKey_key" ON "SandboxUser"("userNameKey");

-- CreateIndex
CREATE INDEX "SandboxUser_externalId_idx" ON "SandboxUser"("externalId");

-- CreateIndex
CREATE INDEX "SandboxUser_displayNameKey_idx" ON "SandboxUser"("displayNameKey");

-- CreateIndex
CREATE INDEX "SandboxUser_createdAt_idx" ON "SandboxUser"("createdAt");

-- CreateIndex
CREATE INDEX "SandboxGroup_displayNameKey_idx" ON "SandboxGroup"("displayNameKey");

-- CreateIndex
CREATE INDEX "SandboxGroup_externalId_idx" ON "SandboxGroup"("externalId");

-- CreateIndex
CREATE INDEX "SandboxGroup_createdAt_idx" ON "SandboxGroup"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AdminUser_username_key" ON "AdminUser"("username");

-- CreateIndex
CREATE INDEX "AdminSession_userId_idx" ON "AdminSession"("userId");

-- CreateIndex
CREATE INDEX "AdminSession_expiresAt_idx" ON "AdminSession"("expiresAt");

-- CreateIndex
CREATE INDEX "SignInAttempt_username_at_idx" ON "SignInAttempt"("username", "at");

-- CreateIndex
CREATE INDEX "SignInAttempt_ip_at_idx" ON "SignInAttempt"("ip", "at");

