import { decryptSecret } from "../../secrets/secret-box";
import { credentialsFingerprint } from "./credentials-fingerprint";

type JobCredentials = {
  tenantUrl: string | null;
  secretTokenEnc: string | null;
  credentialsTestOk: boolean;
  credentialsTestFingerprint: string | null;
};

/** The saved token in plain text, or null when there is none or it cannot be decrypted (the key changed). */
export function readSavedToken(job: Pick<JobCredentials, "secretTokenEnc">): string | null {
  if (!job.secretTokenEnc) return null;
  try {
    return decryptSecret(job.secretTokenEnc);
  } catch {
    return null;
  }
}

/**
 * True when the job's SAVED Tenant URL and token are exactly what the last successful Test Connection used.
 * This is the condition for turning provisioning On.
 */
export function savedCredentialsPassedTest(job: JobCredentials): boolean {
  if (!job.credentialsTestOk || !job.credentialsTestFingerprint || !job.tenantUrl) return false;
  const token = readSavedToken(job);
  if (token === null) return false;
  return credentialsFingerprint(job.tenantUrl, token) === job.credentialsTestFingerprint;
}
