import Link from "next/link";

/** Previous/next links for one of the sandbox tables; keeps the other table's page in the URL. */
export function Pager({
  label,
  page,
  pageCount,
  total,
  pageSize,
  href,
}: {
  label: string;
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-50";
  const off = "rounded-md border border-slate-200 px-3 py-1 text-sm text-slate-400";
  return (
    <nav aria-label={`${label} pages`} className="mt-2 flex items-center justify-between text-sm text-slate-600">
      <span>
        {first}–{last} of {total}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={href(page - 1)}>
            Previous
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Previous
          </span>
        )}
        <span className="px-1 py-1">
          Page {page} of {pageCount}
        </span>
        {page < pageCount ? (
          <Link className={link} href={href(page + 1)}>
            Next
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Next
          </span>
        )}
      </span>
    </nav>
  );
}
