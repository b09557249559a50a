import { Prisma } from "@prisma/client";

const TEXT_MATCH = ["contains", "startsWith", "endsWith"] as const;

/** Adds `mode: "insensitive"` to every contains/startsWith/endsWith filter in a where clause, at any depth. */
export function withInsensitiveMatching(where: unknown): void {
  if (Array.isArray(where)) {
    for (const w of where) withInsensitiveMatching(w);
    return;
  }
  if (!where || typeof where !== "object" || where instanceof Date) return;
  const filter = where as Record<string, unknown>;
  if (TEXT_MATCH.some((k) => typeof filter[k] === "string") && filter.mode === undefined) filter.mode = "insensitive";
  for (const value of Object.values(filter)) withInsensitiveMatching(value);
}

/**
 * The web app is the same on both databases: its searches (users, groups, principals) use Prisma's
 * `contains` and `startsWith`, which SQLite runs as LIKE, case-insensitive for ASCII letters. PostgreSQL's
 * LIKE is case-sensitive, so on PostgreSQL every such filter becomes ILIKE (Prisma's `mode: "insensitive"`,
 * which SQLite's client does not offer, hence an extension rather than a change at each call).
 */
export const insensitiveTextFilters = Prisma.defineExtension({
  name: "insensitive-text-filters",
  query: {
    $allModels: {
      async $allOperations({ args, query }) {
        const a = args as { where?: unknown };
        if (a && a.where) withInsensitiveMatching(a.where);
        return query(args);
      },
    },
  },
});
