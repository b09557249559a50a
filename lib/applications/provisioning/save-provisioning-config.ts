import { z } from "zod";
import { prisma, type Tx } from "../../db/prisma";
import { AppError, isAppError } from "../../errors";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { secretTokenProblem, tenantUrlProblem } from "../../scim/test-connection";
import { bindSecretToken } from "./bind-secret-token";
import { credentialsFingerprint } from "./credentials-fingerprint";
import { getProvisioningConfig, type ProvisioningConfigView } from "./get-provisioning-config";
import { provisioningModeSchema, provisioningScopeSchema, type JobStatus } from "./provisioning-schemas";
import { readBoundSecretToken } from "./read-bound-secret-token";
import { readSavedToken } from "./saved-credentials-test";
import { tenantUrlOrigin } from "./tenant-url-origin";
import { databaseNow } from "../../db/database-clock";

const emailSchema = z.email();

/**
 * The whole Provisioning page as one form. Text fields arrive as typed; a blank Secret Token keeps the saved
 * one, on the same origin only. Credential fields are checked only in Automatic mode (in Manual mode they are hidden and ignored).
 */
export const provisioningSettingsSchema = z.object({
  mode: provisioningModeSchema,
  tenantUrl: z.string().trim().max(2048, "At most 2048 characters"),
  secretToken: z.string().trim().max(8192, "At most 8192 characters"),
  notificationEmail: z
    .string()
    .trim()
    .max(254, "At most 254 characters")
    .refine((v) => v === "" || emailSchema.safeParse(v).success, "Enter a valid email address, like admin@contoso.com"),
  sendOnFailure: z.boolean(),
  scope: provisioningScopeSchema,
  preventAccidentalDeletion: z.boolean(),
  deletionThreshold: z
    .union([z.string(), z.number()])
    .transform((x) => (typeof x === "string" ? (x.trim() === "" ? Number.NaN : Number(x.trim())) : x))
    .pipe(
      z
        .number({ error: "Enter a whole number, 1 or more" })
        .int("Enter a whole number, 1 or more")
        .min(1, "Enter a whole number, 1 or more")
        .max(1_000_000, "At most 1,000,000"),
    ),
  skipOutOfScopeDeletions: z.boolean(),
  enabled: z.boolean(),
});

/** The same fields with the application, and the checks that span fields. */
const saveProvisioningConfigInput = provisioningSettingsSchema
  .extend({ applicationId: z.string().min(1) })
  .superRefine((v, ctx) => {
    if (v.mode === "Automatic" && v.tenantUrl !== "") {
      const problem = tenantUrlProblem(v.tenantUrl);
      if (problem) ctx.addIssue({ code: "custom", path: ["tenantUrl"], message: problem });
    }
    if (v.mode === "Automatic" && v.secretToken !== "") {
      const problem = secretTokenProblem(v.secretToken);
      if (problem) ctx.addIssue({ code: "custom", path: ["secretToken"], message: problem });
    }
    if (v.sendOnFailure && v.notificationEmail === "") {
      ctx.addIssue({
        code: "custom",
        path: ["notificationEmail"],
        message: "Enter the address to send failure notifications to",
      });
    }
  });
export type SaveProvisioningConfigInput = z.input<typeof saveProvisioningConfigInput>;

const HAS_RUN: JobStatus[] = ["Active", "Paused", "Quarantine"];

/**
 * Saves the Provisioning page in one transaction: all of it or, on any invalid field, nothing. The token is
 * stored encrypted; a changed URL or token keeps its "tested" state only if Test Connection passed with
 * exactly those values. Turning provisioning On is refused until it has. Records audit events per section.
 */
export async function saveProvisioningConfig(
  input: SaveProvisioningConfigInput,
  actor: string,
): Promise<ProvisioningConfigView> {
  const v = saveProvisioningConfigInput.parse(input);
  await prisma.$transaction((tx) => saveProvisioningConfigInTx(tx, v, actor));
  return getProvisioningConfig(v.applicationId);
}

/** The same inside a caller's transaction (applying a configuration document saves it with the rest). */
export async function saveProvisioningConfigInTx(tx: Tx, input: SaveProvisioningConfigInput, actor: string) {
  const v = saveProvisioningConfigInput.parse(input);
  const job = await tx.provisioningJob.findUnique({ where: { applicationId: v.applicationId } });
  if (!job) throw new AppError("application.not_found", "This application does not exist. It may have been deleted.");
  const fieldErrors: Record<string, string> = {};

  if (job.mode === "Automatic" && v.mode === "Manual") {
    fieldErrors.mode = "Automatic provisioning cannot go back to Manual. Turn Provisioning Status Off to stop it.";
  }

  const automatic = v.mode === "Automatic";
  const tenantUrl = automatic ? v.tenantUrl || null : job.tenantUrl;
  const tokenEntered = automatic && v.secretToken !== "";
  // A blank token field keeps the saved token only on the origin it was saved for (the gate throws
  // "Enter the Secret Token again for the new host." otherwise); unreadable, it is kept as it is.
  let boundToken: string | null = null;
  if (automatic && !tokenEntered && tenantUrl) {
    try {
      boundToken = readBoundSecretToken(job, tenantUrl);
    } catch (e) {
      if (!isAppError(e) || e.code !== "credentials.unreadable") throw e;
    }
  }
  const tokenChanged = tokenEntered && v.secretToken !== readSavedToken(job);
  const tokenPlain = tokenEntered ? v.secretToken : boundToken;
  const fromOrigin = tenantUrlOrigin(job.tenantUrl);
  const toOrigin = tenantUrlOrigin(tenantUrl);
  // A token typed in is bound to the URL it was entered with, even when it is the same token as before.
  const rebind = tokenEntered && (tokenChanged || tenantUrlOrigin(job.secretTokenOrigin) !== toOrigin);
  const token = rebind
    ? bindSecretToken(v.secretToken, tenantUrl)
    : { secretTokenEnc: job.secretTokenEnc, secretTokenOrigin: job.secretTokenOrigin };
  const tenantUrlChanged = tenantUrl !== job.tenantUrl;
  const credentialsChanged = tenantUrlChanged || tokenChanged;
  const fingerprint = tenantUrl && tokenPlain ? credentialsFingerprint(tenantUrl, tokenPlain) : null;
  const testedOk = job.credentialsTestOk && fingerprint !== null && fingerprint === job.credentialsTestFingerprint;

  const turningOn = v.enabled && !job.enabled;
  const turningOff = !v.enabled && job.enabled;
  if (v.enabled && !automatic) {
    fieldErrors.enabled = "Provisioning can be On only in Automatic mode.";
  } else if (v.enabled && (turningOn || credentialsChanged) && !testedOk) {
    fieldErrors.enabled =
      !tenantUrl || !tokenPlain
        ? "Enter the Tenant URL and Secret Token, and pass Test Connection, before turning provisioning On."
        : "Provisioning can be turned On only after Test Connection has passed with these exact credentials. Click Test Connection, then Save.";
  }
  if (Object.keys(fieldErrors).length > 0) {
    const first = fieldErrors.enabled ?? fieldErrors.mode;
    throw new AppError("provisioning.invalid", first ?? "Please correct the highlighted fields.", fieldErrors);
  }

  // Status semantics the engine relies on (see lib/sync): NotConfigured until Automatic with credentials,
  // then NotRun until the first cycle; Off after a run is Paused.
  const configured = automatic && Boolean(tenantUrl) && Boolean(token.secretTokenEnc);
  let status = job.status as JobStatus;
  if (!configured) status = HAS_RUN.includes(status) ? "Paused" : "NotConfigured";
  else if (status === "NotConfigured") status = "NotRun";
  if (turningOff && (status === "Active" || status === "Quarantine")) status = "Paused";
  if (turningOn && status === "Paused") status = "Active";

  const notificationEmail = v.notificationEmail || null;
  await tx.provisioningJob.update({
    where: { id: job.id },
    data: {
      mode: v.mode,
      tenantUrl,
      ...token,
      // Another target may take PATCH: it is asked again.
      ...(tenantUrlChanged ? { userPatchRefusedAt: null } : {}),
      ...(credentialsChanged
        ? testedOk
          ? { credentialsTestOk: true }
          : {
              credentialsTestOk: false,
              credentialsTestedAt: null,
              credentialsTestMsg: null,
              credentialsTestFingerprint: null,
            }
        : {}),
      notificationEmail,
      sendOnFailure: v.sendOnFailure,
      scope: v.scope,
      preventAccidentalDeletion: v.preventAccidentalDeletion,
      deletionThreshold: v.deletionThreshold,
      skipOutOfScopeDeletions: v.skipOutOfScopeDeletions,
      enabled: v.enabled,
      status,
      // The engine's scheduler picks up enabled jobs whose nextRunAt is due.
      ...(turningOn ? { nextRunAt: await databaseNow() } : {}),
      // A new scope changes which objects are in play: the next cycle must evaluate everything again.
      ...(v.scope !== job.scope || v.skipOutOfScopeDeletions !== job.skipOutOfScopeDeletions
        ? { fullSyncRequired: true }
        : {}),
    },
  });

  const audit = (action: string, details: Record<string, unknown>) =>
    recordAuditEvent(tx, { actor, action, applicationId: v.applicationId, details });
  if (v.mode !== job.mode) await audit("provisioning.mode.updated", { from: job.mode, to: v.mode });
  if (credentialsChanged) {
    await audit("provisioning.credentials.updated", {
      tenantUrl,
      tenantUrlChanged,
      tokenChanged,
      tested: testedOk,
      ...(fromOrigin !== toOrigin ? { origin: { from: fromOrigin, to: toOrigin } } : {}),
    });
  }
  if (notificationEmail !== job.notificationEmail || v.sendOnFailure !== job.sendOnFailure) {
    await audit("provisioning.notification.updated", { notificationEmail, sendOnFailure: v.sendOnFailure });
  }
  const settings: Record<string, { from: unknown; to: unknown }> = {};
  const compare = (key: string, from: unknown, to: unknown) => {
    if (from !== to) settings[key] = { from, to };
  };
  compare("scope", job.scope, v.scope);
  compare("preventAccidentalDeletion", job.preventAccidentalDeletion, v.preventAccidentalDeletion);
  compare("deletionThreshold", job.deletionThreshold, v.deletionThreshold);
  compare("skipOutOfScopeDeletions", job.skipOutOfScopeDeletions, v.skipOutOfScopeDeletions);
  if (Object.keys(settings).length > 0) await audit("provisioning.settings.updated", settings);
  if (turningOn || turningOff)
    await audit("provisioning.status.updated", { status: v.enabled ? "On" : "Off", jobStatus: status });
}
