/**
 * Whether `e` is Prisma's known request error with this code (P2002 unique violation, P2025 not found).
 * By name, not `instanceof`: the PostgreSQL client is generated into a folder of its own with its own copy
 * of Prisma's runtime, so its error classes are not @prisma/client's.
 */
export function isPrismaError(e: unknown, code: string): boolean {
  return (
    e instanceof Error && e.name === "PrismaClientKnownRequestError" && (e as Error & { code?: unknown }).code === code
  );
}

/**
 * A unique constraint refused a write, through Prisma's models (P2002) or a raw statement (P2010, with the
 * database's own code: SQLite's "UNIQUE constraint failed", PostgreSQL's 23505).
 */
export function isUniqueConstraintError(e: unknown): boolean {
  if (isPrismaError(e, "P2002")) return true;
  if (!(e instanceof Error)) return false;
  return /UNIQUE constraint failed|Code: `23505`|duplicate key value violates unique constraint/i.test(e.message);
}
