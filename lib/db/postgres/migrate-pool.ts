import pg from "pg";

// Prisma's driver adapter knows no column type for PostgreSQL's `name` and `"char"` (the catalog's own
// types), so every migrate command through @prisma/adapter-pg fails on the schema engine's catalog queries
// ("Column type 'name' could not be deserialized", prisma/prisma#27403, open). Both are text: say so.
const NAME = 19;
const CHAR = 18;
const NAME_ARRAY = 1003;
const CHAR_ARRAY = 1002;
const TEXT = 25;
const TEXT_ARRAY = 1009;

type Result = { fields?: { dataTypeID: number }[] };

function asText<T>(result: T): T {
  for (const f of (result as Result).fields ?? []) {
    if (f.dataTypeID === NAME || f.dataTypeID === CHAR) f.dataTypeID = TEXT;
    else if (f.dataTypeID === NAME_ARRAY || f.dataTypeID === CHAR_ARRAY) f.dataTypeID = TEXT_ARRAY;
  }
  return result;
}

/** Wraps a client's query() so that every result, by promise or callback, reports those columns as text. */
function patchQuery(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const wrap = (cb: (err: unknown, res: unknown) => void) => (err: unknown, res: unknown) =>
    cb(err, err ? res : asText(res));
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (typeof last === "function") args[args.length - 1] = wrap(last as (err: unknown, res: unknown) => void);
    const r = query(...args);
    return r instanceof Promise ? r.then(asText) : r;
  };
}

/**
 * The pool `prisma migrate` gets in prisma.config.ts: node-postgres, with the catalog's `name` and `"char"`
 * columns reported as text. Only the Prisma CLI uses it; the app's queries never read those types.
 */
export class MigratePool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    // Every query of the pool, and of the clients it hands out, runs on one of its clients.
    this.on("connect", (client) => patchQuery(client));
  }
}
