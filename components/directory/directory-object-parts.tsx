import Link from "next/link";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

/**
 * The top of a directory user's or group's page: the way back to the list (the deleted list for a deleted
 * object), the title, and the notices for a just-created or deleted object.
 */
export function DirectoryObjectHeader({
  listPath,
  plural,
  title,
  description,
  created,
  deletedAt,
  deletedText,
}: {
  /** "/directory/users" or "/directory/groups". */
  listPath: string;
  /** "users" or "groups". */
  plural: string;
  title: ReactNode;
  description?: string;
  /** Shown once, after the create form sent the admin here. */
  created?: string | null;
  deletedAt: Date | null;
  deletedText: string;
}) {
  const deleted = deletedAt !== null;
  const label = plural[0].toUpperCase() + plural.slice(1);
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link href={deleted ? `${listPath}?state=deleted` : listPath} className="text-blue-700 hover:underline">
          ← {deleted ? `Deleted ${plural}` : label}
        </Link>
      </p>
      <PageHeader title={<span className="flex items-center gap-3">{title}</span>} description={description} />
      {created ? <Alert tone="success">{created}</Alert> : null}
      {deleted ? (
        <div className="mt-3">
          <Alert tone="warning" title={`Deleted ${formatTimestamp(deletedAt)}`}>
            {deletedText}
          </Alert>
        </div>
      ) : null}
    </div>
  );
}

/** Attribute names and values as a definition list; an empty value shows as a dash. */
export function PropertyList({ rows, narrow = false }: { rows: [string, string | null][]; narrow?: boolean }) {
  // Whole class names, so that Tailwind sees both.
  const columns = narrow ? "grid-cols-[9rem_1fr]" : "grid-cols-[11rem_1fr]";
  return (
    <dl className={`grid ${columns} gap-x-3 gap-y-1.5 text-sm`} aria-label="Properties">
      {rows.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="font-mono text-xs leading-5 text-slate-500">{name}</dt>
          <dd className="break-all text-slate-900">{value ?? <span className="text-slate-400">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
