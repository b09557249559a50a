import type { Tx } from "../db/prisma";
import { AppError } from "../errors";

/**
 * The refusal for a change to an object a source owns: the source is its authority, so Provisio's pages and
 * actions leave it alone and the change belongs at the source (Entra ID, Okta, …).
 */
export async function sourceOwnedError(
  tx: Tx,
  object: { displayName: string; sourceId: string },
  noun: "user" | "group",
): Promise<AppError> {
  const source = await tx.source.findUnique({ where: { id: object.sourceId }, select: { name: true } });
  const name = source?.name ?? "another source";
  return new AppError(
    "directory.source_owned",
    `${object.displayName} comes from the source ${name} and is read-only in Provisio. Change the ${noun} in ${name}; the change arrives here by itself.`,
  );
}
