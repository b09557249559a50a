import { savedCredentialsPassedTest } from "./saved-credentials-test";

type QuarantinedJob = {
  status: string;
  quarantineReason: string | null;
  quarantineSince: Date | null;
  tenantUrl: string | null;
  secretTokenEnc: string | null;
  credentialsTestOk: boolean;
  credentialsTestedAt: Date | null;
  credentialsTestFingerprint: string | null;
};

/**
 * "Retry now" is offered on a job in quarantine (not for held deletes: those have "Allow deletes") once Test
 * Connection has passed with exactly the saved credentials since the job went into quarantine: the admin
 * fixed the token or the target, so waiting for the backoff serves nobody.
 */
export function quarantineRetryReady(job: QuarantinedJob): boolean {
  if (job.status !== "Quarantine" || !job.quarantineReason || job.quarantineReason === "TooManyDeletes") return false;
  if (!job.credentialsTestedAt || !savedCredentialsPassedTest(job)) return false;
  return !job.quarantineSince || job.credentialsTestedAt >= job.quarantineSince;
}
