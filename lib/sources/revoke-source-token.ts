import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { sourceIdSchema } from "./source-schemas";

export const revokeSourceTokenInput = z.object({ sourceId: sourceIdSchema, tokenId: z.string().trim().min(1).max(64) });

/** Revokes a token at once: the next request that carries it gets 401. Revoking twice changes nothing. */
export async function revokeSourceToken(input: z.input<typeof revokeSourceTokenInput>, actor: string): Promise<void> {
  const { sourceId, tokenId } = revokeSourceTokenInput.parse(input);
  await prisma.$transaction(async (tx) => {
    const token = await tx.sourceToken.findUnique({ where: { id: tokenId } });
    if (!token || token.sourceId !== sourceId)
      throw new AppError("source.token_not_found", "This token no longer exists.");
    if (token.revokedAt) return;
    await tx.sourceToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, {
      actor,
      action: "source.token.revoked",
      details: { sourceId, tokenId, name: token.name, prefix: token.prefix },
    });
  });
}
