import { z } from "zod";

/** Allowed values of the provisioning job's string columns (SQLite has no enums). */
export const provisioningModeSchema = z.enum(["Manual", "Automatic"]);
export type ProvisioningMode = z.infer<typeof provisioningModeSchema>;

export const provisioningScopeSchema = z.enum(["AssignedOnly", "All"]);
export type ProvisioningScope = z.infer<typeof provisioningScopeSchema>;

export const jobStatusSchema = z.enum(["NotConfigured", "NotRun", "Active", "Paused", "Quarantine"]);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** Entra's wording for the scope setting. */
export const scopeLabels: Record<ProvisioningScope, string> = {
  AssignedOnly: "Sync only assigned users and groups",
  All: "Sync all users and groups",
};

/** The app role whose assignments are never provisioned (as in Entra). */
export const DEFAULT_ACCESS_ROLE = "Default Access";
