import { AppError } from "../../errors";
import { createScimClient, type ScimClient, type ScimClientOptions } from "../../scim/create-scim-client";
import { readBoundSecretToken } from "../../applications/provisioning/read-bound-secret-token";
import type { JobContext } from "../store/load-job-context";
import { sharedTargetSlots } from "./shared-target-slots";

/**
 * The SCIM client for a job's target: Tenant URL, the decrypted Secret Token (never logged; only for the
 * origin it was saved with), and the template's capabilities (rate limit unless the job overrides it,
 * concurrency, PATCH op case, PUT for users, or PUT once the target refused a PATCH of a user). On PostgreSQL
 * the rate limit holds across every process that sends to the same Tenant URL (shared-target-slots.ts).
 */
export function createTargetClient(
  ctx: JobContext,
  signal?: AbortSignal,
  overrides: Partial<ScimClientOptions> = {},
): ScimClient {
  const { tenantUrl, secretTokenEnc } = ctx.job;
  if (!tenantUrl || !secretTokenEnc) {
    throw new AppError(
      "credentials.missing",
      "Enter the Tenant URL and Secret Token under Admin Credentials before provisioning.",
    );
  }
  // The one gate (read-bound-secret-token.ts): never the saved token to another origin than its own.
  const token = readBoundSecretToken(ctx.job, tenantUrl)!;
  const caps = ctx.template.capabilities;
  return createScimClient({
    baseUrl: tenantUrl,
    token,
    rateLimitPerSecond: ctx.job.rateLimitPerSecond ?? caps.rateLimitPerSecond,
    sharedSlots: sharedTargetSlots(tenantUrl),
    maxConcurrency: caps.maxConcurrency,
    patchOpCase: caps.patchOpCase,
    // A target that refused PATCH on users once is PUT-only: not asked again in every cycle process.
    userUpdateMethod: ctx.job.userPatchRefusedAt ? "PUT" : caps.userUpdateMethod,
    signal,
    ...overrides,
  });
}
