-- Per-target request pacing shared by every process on one database (lib/db/sql/target-rate-buckets.ts):
-- one row per target (its Tenant URL without query), holding the next free send slot ("tat", the GCRA's
-- theoretical arrival time) and a pause a 429's Retry-After set, both in epoch milliseconds of the database
-- clock. Only PostgreSQL deployments write it (SQLite runs one process, paced in memory); the table exists
-- on both so the data model stays one.
-- CreateTable
CREATE TABLE "TargetRateBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tat" REAL NOT NULL,
    "pausedUntil" REAL NOT NULL DEFAULT 0
);
