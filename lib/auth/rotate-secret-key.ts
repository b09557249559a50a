import crypto from "node:crypto";
import { prisma } from "../db/prisma";
import { decryptSecret, encryptSecret } from "../secrets/secret-box";

export type RotationResult = { jobs: number; settings: number };

/** Same formula as lib/applications/provisioning/credentials-fingerprint.ts, with an explicit key. */
function fingerprintWith(key: Buffer, tenantUrl: string, token: string): string {
  return crypto
    .createHmac("sha256", key)
    .update("provisio-credentials-v1\n")
    .update(tenantUrl.trim())
    .update("\n")
    .update(token)
    .digest("base64url");
}

/** Setting rows holding AES-256-GCM ciphertext ("v1:iv:tag:data"). */
const SEALED = /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/;

/**
 * Re-encrypts every stored secret (tenant tokens, sealed settings such as the sandbox token) from oldKey to
 * newKey in one transaction: if any secret cannot be read with oldKey nothing is changed.
 */
export async function rotateSecretKey(opts: { oldKey: Buffer; newKey: Buffer }): Promise<RotationResult> {
  if (opts.oldKey.length !== 32 || opts.newKey.length !== 32) throw new Error("Keys must be 32 bytes.");
  if (opts.oldKey.equals(opts.newKey)) throw new Error("The new key is the same as the current key.");
  return prisma.$transaction(async (tx) => {
    const jobs = await tx.provisioningJob.findMany({
      where: { secretTokenEnc: { not: null } },
      select: { id: true, secretTokenEnc: true, tenantUrl: true, credentialsTestFingerprint: true },
    });
    const settings = (await tx.setting.findMany()).filter((s) => SEALED.test(s.value));
    const open = (sealed: string, what: string) => {
      try {
        return decryptSecret(sealed, opts.oldKey);
      } catch {
        throw new Error(`Cannot decrypt ${what} with the current key; nothing was changed. Is the current key right?`);
      }
    };
    for (const job of jobs) {
      const token = open(job.secretTokenEnc!, `the secret token of job ${job.id}`);
      // A passed credentials test stays valid: its keyed fingerprint is recomputed under the new key.
      const url = job.tenantUrl ?? "";
      const fingerprint =
        job.credentialsTestFingerprint && job.credentialsTestFingerprint === fingerprintWith(opts.oldKey, url, token)
          ? fingerprintWith(opts.newKey, url, token)
          : job.credentialsTestFingerprint;
      await tx.provisioningJob.update({
        where: { id: job.id },
        data: { secretTokenEnc: encryptSecret(token, opts.newKey), credentialsTestFingerprint: fingerprint },
      });
    }
    for (const s of settings) {
      await tx.setting.update({
        where: { key: s.key },
        data: { value: encryptSecret(open(s.value, `setting ${s.key}`), opts.newKey) },
      });
    }
    return { jobs: jobs.length, settings: settings.length };
  });
}
