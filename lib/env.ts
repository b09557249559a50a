import { z } from "zod";

// The one place that reads process.env. Invalid values stop the process with a clear message.
const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  PROVISIO_DATA_DIR: z.string().default("data"),
  /** 32-byte key for AES-256-GCM, base64 or 64 hex characters. Without it a key file is generated. */
  PROVISIO_SECRET_KEY: z.string().optional(),
  /** Public base URL of this app, used in emails and for the sandbox's Tenant URL. */
  PROVISIO_BASE_URL: z.url().default("http://localhost:3000"),
  /** "false" skips loading the demo directory and demo app on first start. */
  PROVISIO_DEMO: z.enum(["true", "false"]).default("true"),
  /** Minutes between incremental cycles (Entra: about 40). */
  PROVISIO_CYCLE_INTERVAL_MINUTES: z.coerce.number().positive().default(40),
  /** Days provisioning log entries are kept (Entra keeps 30); older ones are pruned in the background. */
  PROVISIO_LOG_RETENTION_DAYS: z.coerce.number().positive().default(30),
  SMTP_URL: z.string().optional(),
  /** Unattended installs: creates this Administrator on start when no admin exists yet (with the password below). */
  PROVISIO_ADMIN_USERNAME: z.string().optional(),
  /** Password of PROVISIO_ADMIN_USERNAME (at least 12 characters). Only read while no admin exists. */
  PROVISIO_ADMIN_PASSWORD: z.string().optional(),
  /** Optional comma-separated allow-list of target hosts (e.g. "api.zscaler.net,*.example.com"); empty allows any. */
  PROVISIO_ALLOWED_TARGET_HOSTS: z.string().optional(),
  /** Hours a sign-in lasts. */
  PROVISIO_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  SMTP_FROM: z.string().default("Provisio <provisio@localhost>"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = parsed.data;
  return cached;
}
