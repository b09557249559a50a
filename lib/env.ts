import proxyAddr from "proxy-addr";
import { z } from "zod";

/** An unset variable and an empty one (`PROVISIO_OIDC_ISSUER=` in a compose file) mean the same. */
const optionalText = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().trim().optional(),
);

/** Comma-separated values ("provisio-admins, ops"): trimmed, empty entries dropped. */
const csvList = optionalText.transform((v) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Plain http is only for an identity provider on this machine (tests, local development). */
function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const OIDC_TRIO = ["PROVISIO_OIDC_ISSUER", "PROVISIO_OIDC_CLIENT_ID", "PROVISIO_OIDC_CLIENT_SECRET"] as const;
const OIDC_EXTRAS = [
  "PROVISIO_OIDC_DISPLAY_NAME",
  "PROVISIO_OIDC_ROLE_CLAIM",
  "PROVISIO_OIDC_ADMIN_VALUES",
  "PROVISIO_OIDC_READER_VALUES",
] as const;

// The one place that reads process.env. Invalid values stop the process with a clear message.
const envSchema = z
  .object({
    /**
     * The database (lib/db/database-url.ts): a `file:` URL (SQLite) or `postgres://…` (PostgreSQL, with
     * cycles on the job queue and `npm run worker`); unset, it is provisio.db in PROVISIO_DATA_DIR.
     */
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || v.startsWith("file:") || /^postgres(ql)?:\/\//i.test(v),
      "must be a file: URL (SQLite) or a postgres:// URL (PostgreSQL)",
    ),
    /** Connections each process keeps to PostgreSQL (Prisma, bulk writes and the job queue share them). */
    PROVISIO_PG_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
    /** The data folder (database, generated secret key), relative to the working directory. */
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
    /**
     * Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs, or loopback,
     * linklocal, uniquelocal). Empty: the client is the TCP peer, and X-Forwarded-For is ignored.
     */
    PROVISIO_TRUSTED_PROXIES: csvList.refine(
      (list) => {
        try {
          proxyAddr.compile(list);
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be comma-separated IP addresses or CIDR ranges, such as 10.0.0.5,192.168.0.0/16" },
    ),
    /** Hours a sign-in lasts. */
    PROVISIO_SESSION_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    SMTP_FROM: z.string().default("Provisio <provisio@localhost>"),
    /** "child" (default): each scheduled cycle (capped heap) and LDAP sync runs in a process of its own; "inline": in the server. */
    PROVISIO_CYCLE_PROCESS: z.enum(["child", "inline"]).default("child"),
    /** V8 old-space limit of a cycle process, in MB (100,000 users need about 100). */
    PROVISIO_CYCLE_HEAP_MB: z.coerce.number().int().min(64).max(16_384).default(160),
    /** V8 old-space limit of a bulk import's process, in MB (a 20 MB file of 100,000 users needs about 300). */
    PROVISIO_IMPORT_HEAP_MB: z.coerce.number().int().min(64).max(16_384).default(512),
    /**
     * Where cycles run. "web" (default): the web server's scheduler runs them (SQLite or PostgreSQL).
     * "queue" (PostgreSQL only): the scheduler enqueues one pg-boss job per due provisioning job and
     * `npm run worker` processes run them (lib/jobs/queue).
     */
    PROVISIO_WORKERS: z.enum(["web", "queue"]).default("web"),
    /**
     * A worker's heap may grow this much past what its last full garbage collection kept before the next
     * one (lib/jobs/queue/limit-heap-growth.ts); 0: V8's own factor, which lets garbage take 100 MB more.
     */
    PROVISIO_WORKER_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(30),
    /**
     * Seconds a worker told to stop (SIGTERM, SIGINT) waits for its running cycles and LDAP syncs. A cycle
     * still running then is redone by another worker; an LDAP sync is stopped, and the next one reads again.
     */
    PROVISIO_WORKER_STOP_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
    /** Cycles (of different applications) that may run at once in this server (or in this worker). */
    PROVISIO_MAX_PARALLEL_CYCLES: z.coerce.number().int().min(1).max(64).default(4),
    /** Sign-in with the company's OpenID Connect provider: issuer, client id and secret come together or not at all. */
    PROVISIO_OIDC_ISSUER: optionalText,
    PROVISIO_OIDC_CLIENT_ID: optionalText,
    /** Never logged, never sent to the browser. */
    PROVISIO_OIDC_CLIENT_SECRET: optionalText,
    /** The provider's name on the sign-in button: "Sign in with <name>". */
    PROVISIO_OIDC_DISPLAY_NAME: optionalText,
    /** Space-separated scopes to request; must include openid. */
    PROVISIO_OIDC_SCOPES: optionalText.transform((v) =>
      (v ?? "openid profile email").split(/\s+/).filter(Boolean).join(" "),
    ),
    /** The claim holding group or role values (a dotted path such as realm_access.roles also works). */
    PROVISIO_OIDC_ROLE_CLAIM: optionalText,
    /** Claim values that make someone an Administrator, comma-separated. */
    PROVISIO_OIDC_ADMIN_VALUES: csvList,
    /** Claim values that make someone a Reader, comma-separated. */
    PROVISIO_OIDC_READER_VALUES: csvList,
  })
  .superRefine((v, ctx) => {
    if (v.PROVISIO_WORKERS === "queue" && !/^postgres(ql)?:\/\//i.test(v.DATABASE_URL ?? "")) {
      ctx.addIssue({
        code: "custom",
        path: ["PROVISIO_WORKERS"],
        message: '"queue" needs PostgreSQL (DATABASE_URL=postgres://…); with SQLite the web server runs the cycles',
      });
    }
    const set = OIDC_TRIO.filter((k) => v[k] !== undefined);
    if (set.length > 0 && set.length < OIDC_TRIO.length) {
      const missing = OIDC_TRIO.filter((k) => v[k] === undefined);
      ctx.addIssue({
        code: "custom",
        path: [missing[0]!],
        message: `single sign-on needs PROVISIO_OIDC_ISSUER, PROVISIO_OIDC_CLIENT_ID and PROVISIO_OIDC_CLIENT_SECRET together (or none of them); missing ${missing.join(", ")}`,
      });
      return;
    }
    if (set.length === 0) {
      const stray = OIDC_EXTRAS.filter((k) =>
        Array.isArray(v[k]) ? (v[k] as string[]).length > 0 : v[k] !== undefined,
      );
      if (stray.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: [stray[0]!],
          message: `${stray.join(", ")} set, but single sign-on is off: set ${OIDC_TRIO.join(", ")} too`,
        });
      }
      return;
    }
    let issuer: URL | undefined;
    try {
      issuer = new URL(v.PROVISIO_OIDC_ISSUER!);
    } catch {
      ctx.addIssue({
        code: "custom",
        path: ["PROVISIO_OIDC_ISSUER"],
        message: "must be the provider's issuer URL, such as https://login.example.com/realms/staff",
      });
      return;
    }
    if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && isLoopbackHost(issuer.hostname))) {
      ctx.addIssue({
        code: "custom",
        path: ["PROVISIO_OIDC_ISSUER"],
        message: "must use https:// (plain http:// is allowed only for localhost)",
      });
    }
    if (issuer.search || issuer.hash || issuer.username || issuer.password) {
      ctx.addIssue({
        code: "custom",
        path: ["PROVISIO_OIDC_ISSUER"],
        message: "must not contain a query, fragment or credentials",
      });
    }
    if (!v.PROVISIO_OIDC_SCOPES.split(" ").includes("openid")) {
      ctx.addIssue({ code: "custom", path: ["PROVISIO_OIDC_SCOPES"], message: 'must include "openid"' });
    }
    const both = v.PROVISIO_OIDC_ADMIN_VALUES.filter((x) => v.PROVISIO_OIDC_READER_VALUES.includes(x));
    if (both.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["PROVISIO_OIDC_READER_VALUES"],
        message: `lists ${both.join(", ")}, which PROVISIO_OIDC_ADMIN_VALUES lists too`,
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses a set of variables (process.env, or a test's own). The message names variables, never their values. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(vars);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  return parsed.data;
}

/**
 * The environment, parsed on first use and then kept for the life of the process. Code that chooses the
 * database or data folder itself (test setup, benchmarks, the Playwright log fixtures) sets process.env
 * before anything in lib/ runs; child processes inherit process.env and parse their own.
 */
export function env(): Env {
  if (cached) return cached;
  cached = parseEnv(process.env);
  return cached;
}

/** Forgets the parsed environment, so that the next env() reads process.env again (tests that change it). */
export function forgetParsedEnv(): void {
  cached = undefined;
}
