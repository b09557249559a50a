import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { loadSourceForWrite } from "./load-source-for-write";
import { sourceIdSchema, tokenNameSchema } from "./source-schemas";
import { newSourceTokenSecret } from "./source-token-secret";

export const createSourceTokenInput = z.object({ sourceId: sourceIdSchema, name: tokenNameSchema });

/** Active tokens a source may hold: enough to rotate (old and new) for several IdPs, few enough to review. */
const MAX_ACTIVE_TOKENS = 10;

/**
 * Creates a bearer token for a SCIM push source. The token is returned once, here, and never again: only
 * its hash and a short prefix are stored, and the audit trail records its name and prefix.
 */
export async function createSourceToken(
  input: z.input<typeof createSourceTokenInput>,
  actor: string,
): Promise<{ id: string; token: string; prefix: string }> {
  const { sourceId, name } = createSourceTokenInput.parse(input);
  const secret = newSourceTokenSecret();
  return prisma.$transaction(async (tx) => {
    const source = await loadSourceForWrite(tx, sourceId);
    if (source.kind !== "ScimPush") throw new AppError("source.no_tokens", "Only SCIM push sources have tokens.");
    const active = await tx.sourceToken.count({ where: { sourceId, revokedAt: null } });
    if (active >= MAX_ACTIVE_TOKENS) {
      throw new AppError(
        "source.too_many_tokens",
        `This source already has ${MAX_ACTIVE_TOKENS} active tokens. Revoke one you no longer use first.`,
      );
    }
    const row = await tx.sourceToken.create({
      data: { sourceId, name, tokenHash: secret.hash, prefix: secret.prefix },
    });
    await recordAuditEvent(tx, {
      actor,
      action: "source.token.created",
      details: { sourceId, tokenId: row.id, name, prefix: secret.prefix },
    });
    return { id: row.id, token: secret.token, prefix: secret.prefix };
  });
}
