-- A PUT-only target is remembered on its job: when the target first refused a PATCH of a user (405/501).
-- AlterTable
ALTER TABLE "ProvisioningJob" ADD COLUMN "userPatchRefusedAt" DATETIME;
