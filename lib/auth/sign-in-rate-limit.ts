import { prisma } from "../db/prisma";

/** Failed sign-ins allowed per username, and per client address, within the window. */
export const SIGN_IN_LIMITS = { windowMs: 15 * 60_000, perUsername: 5, perIp: 20 } as const;

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterMinutes: number };

/**
 * Counts failed attempts in the window: per username since its last successful sign-in, and per address.
 * An office behind one address gets a higher allowance than a single username.
 */
export async function checkSignInRateLimit(opts: {
  username: string;
  ip: string;
  now?: Date;
}): Promise<RateLimitVerdict> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);
  const lastSuccess = await prisma.signInAttempt.findFirst({
    where: { username: opts.username, succeeded: true, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const userSince = lastSuccess && lastSuccess.at > since ? lastSuccess.at : since;
  const [userFailures, ipFailures] = await Promise.all([
    prisma.signInAttempt.findMany({
      where: { username: opts.username, succeeded: false, at: { gt: userSince } },
      orderBy: { at: "asc" },
      select: { at: true },
    }),
    prisma.signInAttempt.findMany({
      where: { ip: opts.ip, succeeded: false, at: { gt: since } },
      orderBy: { at: "asc" },
      select: { at: true },
    }),
  ]);
  const waits: number[] = [];
  if (userFailures.length >= SIGN_IN_LIMITS.perUsername) {
    // Free again once the oldest counted failure leaves the window.
    const oldest = userFailures[userFailures.length - SIGN_IN_LIMITS.perUsername]!.at;
    waits.push(oldest.getTime() + SIGN_IN_LIMITS.windowMs - now.getTime());
  }
  if (ipFailures.length >= SIGN_IN_LIMITS.perIp) {
    const oldest = ipFailures[ipFailures.length - SIGN_IN_LIMITS.perIp]!.at;
    waits.push(oldest.getTime() + SIGN_IN_LIMITS.windowMs - now.getTime());
  }
  if (waits.length === 0) return { limited: false };
  return { limited: true, retryAfterMinutes: Math.max(1, Math.ceil(Math.max(...waits) / 60_000)) };
}

export async function recordSignInAttempt(opts: {
  username: string;
  ip: string;
  succeeded: boolean;
  now?: Date;
}): Promise<void> {
  await prisma.signInAttempt.create({
    data: { username: opts.username, ip: opts.ip, succeeded: opts.succeeded, at: opts.now ?? new Date() },
  });
  // Keep the table small: attempts older than a day are of no use to the limiter.
  if (Math.random() < 0.05) {
    await prisma.signInAttempt.deleteMany({ where: { at: { lt: new Date(Date.now() - 24 * 3600_000) } } });
  }
}
