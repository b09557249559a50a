import { z } from "zod";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { recordAuditEvent } from "../../audit/record-audit-event";
import {
  connectionFailureTitles,
  secretTokenProblem,
  tenantUrlProblem,
  testScimConnection,
  type ConnectionFailureKind,
  type ConnectionTestOptions,
} from "../../scim/test-connection";
import { credentialsFingerprint } from "./credentials-fingerprint";
import { readBoundSecretToken } from "./read-bound-secret-token";
import { readSavedToken } from "./saved-credentials-test";

/** The URL and token currently in the form; a blank token means the saved one (for its own origin only). */
export const testCredentialsInput = z.object({
  applicationId: z.string().min(1),
  tenantUrl: z.string().trim().max(2048, "At most 2048 characters"),
  secretToken: z.string().trim().max(8192, "At most 8192 characters"),
});

/** What the page shows after Test Connection. Never holds the token. */
export type CredentialsTestView = {
  ok: boolean;
  kind: ConnectionFailureKind | null;
  title: string;
  message: string;
  status: number | null;
  snippet: string | null;
  testedAt: string;
  /** The tested URL and token are the saved ones (otherwise they count once saved unchanged). */
  matchesSavedCredentials: boolean;
};

/**
 * Runs Test Connection with the form's Tenant URL and token (or the saved token) and records the result on
 * the job together with a fingerprint of exactly what was tested, so it counts only for those credentials.
 */
export async function testCredentials(
  input: z.input<typeof testCredentialsInput>,
  actor: string,
  options?: ConnectionTestOptions,
): Promise<CredentialsTestView> {
  const v = testCredentialsInput.parse(input);
  const job = await prisma.provisioningJob.findUnique({ where: { applicationId: v.applicationId } });
  if (!job) throw new AppError("application.not_found", "This application does not exist. It may have been deleted.");

  const urlProblem = tenantUrlProblem(v.tenantUrl);
  if (urlProblem) throw new AppError("provisioning.invalid_tenant_url", urlProblem, { tenantUrl: urlProblem });
  let token = v.secretToken;
  const usedSavedToken = token === "";
  if (usedSavedToken) {
    // Only on the origin the token was saved for: a new host needs the token typed in.
    const saved = readBoundSecretToken(job, v.tenantUrl);
    if (saved === null)
      throw new AppError("provisioning.no_token", "Enter the Secret Token to test.", {
        secretToken: "Enter the Secret Token to test.",
      });
    token = saved;
  } else {
    const problem = secretTokenProblem(token);
    if (problem) throw new AppError("provisioning.invalid_token", problem, { secretToken: problem });
  }

  const result = await testScimConnection({ tenantUrl: v.tenantUrl, token }, options);
  const testedAt = new Date();
  const fingerprint = credentialsFingerprint(v.tenantUrl, token);
  const savedToken = readSavedToken(job);
  const matchesSavedCredentials = job.tenantUrl === v.tenantUrl && savedToken !== null && savedToken === token;
  const view: CredentialsTestView = result.ok
    ? {
        ok: true,
        kind: null,
        title: "Connection succeeded",
        message: result.message,
        status: result.status,
        snippet: null,
        testedAt: testedAt.toISOString(),
        matchesSavedCredentials,
      }
    : {
        ok: false,
        kind: result.kind,
        title: `${connectionFailureTitles[result.kind]}${result.status ? ` (HTTP ${result.status})` : ""}`,
        message: result.message,
        status: result.status ?? null,
        snippet: result.snippet ?? null,
        testedAt: testedAt.toISOString(),
        matchesSavedCredentials,
      };
  const stored = view.ok
    ? view.message
    : `${view.title}: ${view.message}${view.snippet ? ` Response: ${view.snippet}` : ""}`;

  await prisma.$transaction(async (tx) => {
    await tx.provisioningJob.update({
      where: { id: job.id },
      data: {
        credentialsTestedAt: testedAt,
        credentialsTestOk: result.ok,
        credentialsTestMsg: stored.slice(0, 1000),
        credentialsTestFingerprint: fingerprint,
      },
    });
    await recordAuditEvent(tx, {
      actor,
      action: "provisioning.credentials.tested",
      applicationId: v.applicationId,
      details: { tenantUrl: v.tenantUrl, usedSavedToken, ok: result.ok, kind: view.kind, status: view.status },
    });
  });
  return view;
}
