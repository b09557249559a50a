import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { revokeApiTokenInput } from "./api-token-schemas";

/** Revokes a token at once: the next request made with it is refused. The row stays, for the list and audit. */
export async function revokeApiToken(
  input: { tokenId: string },
  actor: string,
  now: Date = new Date(),
): Promise<{ name: string }> {
  const { tokenId } = revokeApiTokenInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: tokenId }, select: { name: true, revokedAt: true } });
    if (!token) throw new AppError("api_token.not_found", "This API token no longer exists. Reload the page.");
    if (token.revokedAt) throw new AppError("api_token.revoked", `The API token "${token.name}" is already revoked.`);
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: now, revokedBy: actor } });
    await recordAuditEvent(tx, { actor, action: "api_token.revoked", details: { name: token.name } });
    return { name: token.name };
  });
}
