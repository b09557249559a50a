import { AppError } from "../../errors";
import { createScimClient, type ScimClient, type ScimClientOptions } from "../../scim/create-scim-client";
import { decryptSecret } from "../../secrets/secret-box";
import type { JobContext } from "../store/load-job-context";

/**
 * The SCIM client for a job's target: Tenant URL, the decrypted Secret Token (never logged), and the
 * template's capabilities (rate limit unless the job overrides it, concurrency, PATCH op case, PUT for users).
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
  let token: string;
  try {
    token = decryptSecret(secretTokenEnc);
  } catch {
    throw new AppError(
      "credentials.unreadable",
      "The saved Secret Token cannot be read with this server's key. Enter the Secret Token again.",
    );
  }
  const caps = ctx.template.capabilities;
  return createScimClient({
    baseUrl: tenantUrl,
    token,
    rateLimitPerSecond: ctx.job.rateLimitPerSecond ?? caps.rateLimitPerSecond,
    maxConcurrency: caps.maxConcurrency,
    patchOpCase: caps.patchOpCase,
    userUpdateMethod: caps.userUpdateMethod,
    signal,
    ...overrides,
  });
}
