import type { Source } from "@prisma/client";
import type { Tx } from "../db/prisma";
import { AppError } from "../errors";

/** Reads a source inside a write, refusing a missing one. */
export async function loadSourceForWrite(tx: Tx, id: string): Promise<Source> {
  const source = await tx.source.findUnique({ where: { id } });
  if (!source) throw new AppError("source.not_found", "This source no longer exists.");
  return source;
}
