import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { databaseUrl } from "./database-url";
import { installSqliteBusyTimeout } from "./sqlite-busy-timeout";

installSqliteBusyTimeout();

// One client per process. Next.js dev reloads modules, so the instance is kept on globalThis.
const globalForPrisma = globalThis as unknown as { provisioPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaLibSQL({ url: databaseUrl() });
  return new PrismaClient({ adapter });
}

export const prisma: PrismaClient = globalForPrisma.provisioPrisma ?? createClient();
globalForPrisma.provisioPrisma = prisma;

/** The client type inside `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
