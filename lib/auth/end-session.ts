import { prisma } from "../db/prisma";
import { hashSessionToken, looksLikeSessionToken } from "./session-token";

/** Signs out on the server: the session row is deleted, so the cookie is worthless even if kept. */
export async function endSession(token: string | undefined | null): Promise<void> {
  if (!looksLikeSessionToken(token)) return;
  await prisma.adminSession.deleteMany({ where: { id: hashSessionToken(token) } });
}
