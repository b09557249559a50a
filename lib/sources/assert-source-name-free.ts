import type { Tx } from "../db/prisma";
import { selectSourceNameMatches } from "../db/sql/sources";
import { AppError } from "../errors";

/** Names are compared ignoring letter case, so "Entra" and "entra" cannot both exist. */
export async function assertSourceNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const rows = await selectSourceNameMatches(tx, name);
  if (rows.some((r) => r.id !== exceptId)) {
    const message = `A source named ${name} already exists. Choose another name.`;
    throw new AppError("source.name_taken", message, { name: message });
  }
}
