import { Prisma } from "@prisma/client";

/**
 * Prisma's error messages quote the failed call with its arguments (for raw queries, every bound
 * parameter): logged as they are, they would put directory personal data in the server log. This keeps
 * what failed and why (the operation, and Prisma's last paragraph: the reason, e.g. "Unique constraint
 * failed on the fields: (`username`)" or "Expected String, provided Int") and drops the quoted call and
 * code frame. The error object stays the same (class, code, meta), so callers' checks keep working.
 *
 * The PostgreSQL client is generated into a folder of its own with its own copy of Prisma's runtime, so its
 * errors are not instances of @prisma/client's classes, the type lib/ uses. They get those classes'
 * prototypes (the same runtime version, the same fields), so `instanceof Prisma.PrismaClient…Error` holds
 * on either database.
 */
export function redactPrismaError<E>(e: E): E {
  if (!(e instanceof Error) || !e.name.startsWith("PrismaClient")) return e;
  adoptSqliteClientClass(e);
  const original = e.message;
  const operation = /Invalid `([^`]+)` invocation/.exec(original)?.[1];
  const paragraphs = original
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const reason = paragraphs.length > 1 || !operation ? (paragraphs.at(-1) ?? "") : "";
  const message = operation
    ? `Invalid \`${operation}\` invocation (arguments not shown)${reason ? `: ${reason}` : "."}`
    : reason;
  if (message === original) return e;
  Object.defineProperty(e, "message", { value: message, writable: true, configurable: true, enumerable: false });
  const frames = e.stack?.indexOf("\n    at ") ?? -1;
  e.stack = `${e.name}: ${message}${frames >= 0 ? e.stack!.slice(frames) : ""}`;
  return e;
}

const CLASSES: Record<string, { prototype: object }> = {
  PrismaClientKnownRequestError: Prisma.PrismaClientKnownRequestError,
  PrismaClientUnknownRequestError: Prisma.PrismaClientUnknownRequestError,
  PrismaClientValidationError: Prisma.PrismaClientValidationError,
  PrismaClientInitializationError: Prisma.PrismaClientInitializationError,
  PrismaClientRustPanicError: Prisma.PrismaClientRustPanicError,
};

function adoptSqliteClientClass(e: Error): void {
  const cls = CLASSES[e.name];
  if (cls && !(e instanceof (cls as unknown as new () => Error))) Object.setPrototypeOf(e, cls.prototype);
}
