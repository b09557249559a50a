import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKind } from "./lib/db/database-kind";
import { databaseUrl } from "./lib/db/database-url";
import { MigratePool } from "./lib/db/postgres/migrate-pool";

// Prisma's Rust schema engine cannot be downloaded on our machines: use the JavaScript one through a
// driver adapter (see ../shared/TOOLCHAIN.md). DATABASE_URL chooses the database, and with it the schema
// and migrations: prisma/ for SQLite, prisma/postgres/ (generated from it) for PostgreSQL.
const url = databaseUrl();
const postgres = databaseKind(url) === "postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  async adapter() {
    return postgres ? new PrismaPg(new MigratePool({ connectionString: url })) : new PrismaLibSQL({ url });
  },
});
