import { prisma } from "../db/prisma";
import { parseRole, type SignedInUser } from "./roles";
import { hashSessionToken, looksLikeSessionToken } from "./session-token";

const TOUCH_EVERY_MS = 60_000;

/**
 * The user behind a session cookie token, or null when the token is unknown, expired or ended.
 * Expired sessions are deleted when met. lastSeenAt is refreshed at most once a minute.
 */
export async function validateSession(
  token: string | undefined | null,
  now: Date = new Date(),
): Promise<SignedInUser | null> {
  if (!looksLikeSessionToken(token)) return null;
  const id = hashSessionToken(token);
  const session = await prisma.adminSession.findUnique({
    where: { id },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, username: true, displayName: true, role: true, oidcSubject: true } },
    },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await prisma.adminSession.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.adminSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return {
    id: session.user.id,
    username: session.user.username,
    displayName: session.user.displayName,
    role: parseRole(session.user.role),
    signInMethod: session.user.oidcSubject ? "sso" : "password",
    sessionId: session.id,
  };
}
