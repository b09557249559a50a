import { databaseKind, sqliteFile } from "./database-kind";
import { databaseUrl } from "./database-url";
import { postgresPool } from "./postgres/postgres-pool";
import { PostgresStore } from "./postgres/postgres-store";
import type { SqlStore } from "./sql/sql-store";
import { SqliteStore } from "./sqlite/sqlite-store";

const globalForStore = globalThis as unknown as { provisioSqlStores?: Map<string, SqlStore> };

/** This process's SQL store for DATABASE_URL (see sql/sql-store.ts). */
export function sqlStore(): SqlStore {
  const url = databaseUrl();
  const stores = (globalForStore.provisioSqlStores ??= new Map());
  let store = stores.get(url);
  if (!store) {
    store = databaseKind(url) === "postgres" ? new PostgresStore(postgresPool(url)) : new SqliteStore(sqliteFile(url));
    stores.set(url, store);
  }
  return store;
}
