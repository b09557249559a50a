import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from ".prisma/client-postgres";
import { databaseKind } from "./database-kind";
import { databaseUrl } from "./database-url";
import { insensitiveTextFilters } from "./postgres/insensitive-text-filters";
import { postgresPool } from "./postgres/postgres-pool";
import { redactPrismaError } from "./redact-prisma-error";
import { installSqliteBusyTimeout } from "./sqlite-busy-timeout";

// One client per process. Next.js dev reloads modules, so the instance is kept on globalThis.
const globalForPrisma = globalThis as unknown as { provisioPrisma?: PrismaClient };

/**
 * SQLite (libSQL adapter) or PostgreSQL (node-postgres adapter, on the process's shared pool), chosen by
 * DATABASE_URL. Each provider has its own generated client (prisma/schema.prisma and the PostgreSQL schema
 * generated from it, prisma/postgres/schema.prisma): the same models, so lib/ uses one type, SQLite's.
 */
function createClient(): PrismaClient {
  const url = databaseUrl();
  // Every failed call, raw queries and interactive transactions included, throws without its arguments
  // (see redact-prisma-error.ts). Query-only extensions keep the client's API, hence the casts.
  const redacted = {
    query: {
      async $allOperations({ args, query }: { args: unknown; query: (a: unknown) => Promise<unknown> }) {
        try {
          return await query(args);
        } catch (e) {
          throw redactPrismaError(e);
        }
      },
    },
  };
  if (databaseKind(url) === "postgres") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(postgresPool(url)), errorFormat: "minimal" });
    return client.$extends(insensitiveTextFilters).$extends(redacted) as unknown as PrismaClient;
  }
  installSqliteBusyTimeout();
  const client = new PrismaClient({ adapter: new PrismaLibSQL({ url }), errorFormat: "minimal" });
  return client.$extends(redacted) as unknown as PrismaClient;
}

export const prisma: PrismaClient = globalForPrisma.provisioPrisma ?? createClient();
globalForPrisma.provisioPrisma = prisma;

/** The client type inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
