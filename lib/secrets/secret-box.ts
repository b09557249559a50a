import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

// AES-256-GCM. Ciphertext format: "v1:<iv b64>:<tag b64>:<data b64>".
const PREFIX = "v1";

let cachedKey: Buffer | undefined;

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("PROVISIO_SECRET_KEY must be 32 bytes, as base64 or 64 hex characters");
  return key;
}

/** The encryption key: PROVISIO_SECRET_KEY, or data/secret.key, created with mode 0600 on first use. */
export function secretKey(): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = env().PROVISIO_SECRET_KEY;
  if (fromEnv) {
    cachedKey = parseKey(fromEnv);
    return cachedKey;
  }
  const dir = path.resolve(env().PROVISIO_DATA_DIR);
  const file = path.join(dir, "secret.key");
  fs.mkdirSync(dir, { recursive: true });
  try {
    cachedKey = parseKey(fs.readFileSync(file, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    const key = crypto.randomBytes(32);
    // "wx": never overwrite a key another process wrote first.
    try {
      fs.writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
      cachedKey = key;
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== "EEXIST") throw writeError;
      cachedKey = parseKey(fs.readFileSync(file, "utf8"));
    }
  }
  return cachedKey;
}

export function encryptSecret(plain: string, key: Buffer = secretKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, iv.toString("base64"), tag.toString("base64"), data.toString("base64")].join(":");
}

export function decryptSecret(sealed: string, key: Buffer = secretKey()): string {
  const [prefix, iv, tag, data] = sealed.split(":");
  if (prefix !== PREFIX || !iv || !tag || data === undefined) throw new Error("Unreadable secret: unknown format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}
