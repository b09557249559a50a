/**
 * Rotates the AES-256-GCM key that protects stored secrets (tenant tokens, the sandbox token).
 *
 *   Stop Provisio, then:   npx tsx scripts/rotate-secret-key.ts            (key file: data/secret.key)
 *                          npx tsx scripts/rotate-secret-key.ts --new-key <32 bytes as base64 or 64 hex>
 *
 * Every secret is decrypted with the current key and re-encrypted with the new one in a single transaction, so
 * a failure changes nothing. With a key file, the new key is written beside it first and moved into place
 * after the database commit (the old one is kept as secret.key.old). With PROVISIO_SECRET_KEY, the script
 * prints the new key: put it into PROVISIO_SECRET_KEY before starting Provisio again.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../lib/env";
import { secretKey } from "../lib/secrets/secret-box";
import { rotateSecretKey } from "../lib/auth/rotate-secret-key";

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) throw new Error("--new-key must be 32 bytes, as base64 or 64 hex characters.");
  return key;
}

async function main() {
  const argIndex = process.argv.indexOf("--new-key");
  const newKey =
    argIndex > 0 && process.argv[argIndex + 1] ? parseKey(process.argv[argIndex + 1]!) : crypto.randomBytes(32);
  const oldKey = secretKey();
  const fromEnv = Boolean(env().PROVISIO_SECRET_KEY);
  const keyFile = path.join(path.resolve(env().PROVISIO_DATA_DIR), "secret.key");

  if (!fromEnv) fs.writeFileSync(`${keyFile}.new`, newKey.toString("base64") + "\n", { mode: 0o600 });
  const result = await rotateSecretKey({ oldKey, newKey });
  if (!fromEnv) {
    fs.copyFileSync(keyFile, `${keyFile}.old`);
    fs.chmodSync(`${keyFile}.old`, 0o600);
    fs.renameSync(`${keyFile}.new`, keyFile);
  }
  console.log(`Re-encrypted ${result.jobs} tenant token(s) and ${result.settings} stored secret setting(s).`);
  if (fromEnv) {
    console.log("Set PROVISIO_SECRET_KEY to this new key before starting Provisio again:");
    console.log(newKey.toString("base64"));
  } else {
    console.log(`New key written to ${keyFile} (previous key kept in ${keyFile}.old; delete it once Provisio runs).`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
