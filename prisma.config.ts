import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { databaseUrl } from "./lib/db/database-url";

// Prisma's Rust schema engine cannot be downloaded on our machines: use the JavaScript one through the
// libSQL driver adapter (see ../shared/TOOLCHAIN.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaLibSQL({ url: databaseUrl() });
  },
});
