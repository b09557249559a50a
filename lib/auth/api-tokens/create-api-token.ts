import { Prisma } from "@prisma/client";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { SignedInUser } from "../roles";
import { hashApiTokenSecret, newApiTokenSecret } from "./api-token-secret";
import { createApiTokenInput, type CreateApiTokenInput } from "./api-token-schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

function nameTaken(name: string): AppError {
  return new AppError("api_token.name_taken", `An API token named "${name}" already exists. Choose another name.`, {
    name: "A token with this name already exists",
  });
}

/**
 * An Administrator creates an API token owned by themselves. The token is returned once, here, and never
 * stored: the database keeps its SHA-256. The audit records the name, role and expiry, never the token.
 */
export async function createApiToken(
  input: CreateApiTokenInput,
  owner: Pick<SignedInUser, "id" | "username" | "role">,
  now: Date = new Date(),
): Promise<{ id: string; name: string; token: string; expiresAt: Date | null }> {
  const v = createApiTokenInput.parse(input);
  if (owner.role !== "Administrator")
    throw new AppError("auth.forbidden", "Only Administrators create API tokens. Ask an Administrator.");
  const token = newApiTokenSecret();
  const expiresAt = v.expiresInDays ? new Date(now.getTime() + v.expiresInDays * DAY_MS) : null;
  try {
    return await prisma.$transaction(async (tx) => {
      if (await tx.apiToken.findUnique({ where: { name: v.name }, select: { id: true } })) throw nameTaken(v.name);
      const row = await tx.apiToken.create({
        data: { name: v.name, tokenHash: hashApiTokenSecret(token), role: v.role, ownerId: owner.id, expiresAt },
        select: { id: true, name: true },
      });
      await recordAuditEvent(tx, {
        actor: owner.username,
        action: "api_token.created",
        details: { name: v.name, role: v.role, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return { id: row.id, name: row.name, token, expiresAt };
    });
  } catch (e) {
    // Two Administrators choosing the same name at once: the unique index decides.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw nameTaken(v.name);
    throw e;
  }
}
