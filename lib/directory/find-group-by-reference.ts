import { prisma } from "../db/prisma";
import { AppError } from "../errors";

/**
 * A directory group named by its id, or by its display name when exactly one group has that name. Display
 * names are not unique (Entra allows two "Finance" groups), so a name that several groups share is refused
 * with their ids rather than answered with whichever the database returns first.
 */
export async function findGroupByReference(ref: string): Promise<{ id: string; displayName: string }> {
  const byId = await prisma.directoryGroup.findUnique({ where: { id: ref }, select: { id: true, displayName: true } });
  if (byId) return byId;
  const named = await prisma.directoryGroup.findMany({
    where: { displayName: ref },
    select: { id: true, displayName: true },
    orderBy: { id: "asc" },
    take: 6,
  });
  if (named.length === 0) throw new AppError("directory.group_not_found", `No group "${ref}" in the directory.`);
  if (named.length > 1) {
    const ids = named.slice(0, 5).map((g) => g.id);
    const more = named.length > 5 ? ", …" : "";
    throw new AppError(
      "directory.group_ambiguous",
      `Several groups are named "${ref}": name one by its id (${ids.join(", ")}${more}).`,
    );
  }
  return named[0]!;
}
