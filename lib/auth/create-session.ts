import { prisma, type Tx } from "../db/prisma";
import { env } from "../env";
import { hashSessionToken, newSessionToken } from "./session-token";

export type NewSession = { token: string; expiresAt: Date };

/** Starts a session for a user. The returned token goes into the cookie; only its hash is stored. */
export async function createSession(userId: string, opts: { now?: Date; tx?: Tx } = {}): Promise<NewSession> {
  const now = opts.now ?? new Date();
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + env().PROVISIO_SESSION_HOURS * 3600_000);
  await (opts.tx ?? prisma).adminSession.create({
    data: { id: hashSessionToken(token), userId, expiresAt, createdAt: now, lastSeenAt: now },
  });
  return { token, expiresAt };
}
