import { z } from "zod";
import { AppError } from "../errors";
import { prisma } from "../db/prisma";
import { createSession, type NewSession } from "./create-session";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { claimSignInAttempt, settleSignInAttempt } from "./sign-in-rate-limit";

const signInSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, "Enter your username.")
    .max(100)
    .refine((v) => v.isWellFormed(), "The username is not valid Unicode.")
    .transform((v) => v.toLowerCase()),
  password: z.string().min(1, "Enter your password.").max(512),
});

/**
 * Checks a username and password and starts a session. Wrong username and wrong password give the same
 * message (and take the same time); too many failures are refused before the password is even checked
 * (see sign-in-rate-limit.ts: an address is slowed down, the account is not locked).
 * A single sign-on person (no password hash) never gets in this way.
 */
export async function signIn(
  input: unknown,
  opts: { ip: string; now?: Date },
): Promise<NewSession & { userId: string }> {
  const { username, password } = signInSchema.parse(input);
  const now = opts.now ?? new Date();
  // The attempt is counted before the password is checked, so parallel guesses cannot race past the limit.
  const verdict = await claimSignInAttempt({ username, address: opts.ip, now });
  if (verdict.limited) {
    const minutes = verdict.retryAfterMinutes;
    throw new AppError(
      "sign_in.rate_limited",
      `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`,
    );
  }
  const user = await prisma.adminUser.findUnique({ where: { username } });
  // People who sign in only through single sign-on have no password: the same answer as a wrong one.
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDummy(password);
  await settleSignInAttempt(verdict.claim, ok);
  if (!user || !ok) throw new AppError("sign_in.invalid", "The username or password is not correct.");
  const session = await createSession(user.id, { now });
  return { ...session, userId: user.id };
}
