-- A reconcile reads the target's own state into TargetSnapshot (one row per target object, kept while the
-- read's cycle or drift report runs); connector rows are found by target id for group members and orphans.

-- CreateTable
CREATE TABLE "TargetSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "readId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "identity" TEXT,
    "values" TEXT NOT NULL,
    "members" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TargetSnapshot_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ProvisioningJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TargetSnapshot_readId_objectType_targetId_idx" ON "TargetSnapshot"("readId", "objectType", "targetId");

-- CreateIndex
CREATE INDEX "TargetSnapshot_jobId_createdAt_idx" ON "TargetSnapshot"("jobId", "createdAt");

-- CreateIndex
CREATE INDEX "ConnectorObject_jobId_objectType_targetId_idx" ON "ConnectorObject"("jobId", "objectType", "targetId");

