import Link from "next/link";
import { LinkButton } from "@/components/ui/button";

/** Builds a list URL keeping the other query parameters. */
function listHref(base: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== "" && !(k === "page" && v === 1) && !(k === "state" && v === "all"))
      q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export function StateTabs({
  base,
  search,
  current,
  tabs,
}: {
  base: string;
  search: string;
  current: string;
  tabs: { state: string; label: string; count: number }[];
}) {
  return (
    <nav aria-label="Filter by state" className="flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((t) => {
        const active = t.state === current;
        return (
          <Link
            key={t.state}
            href={listHref(base, { q: search, state: t.state })}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${active ? "border-blue-600 font-medium text-blue-800" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}{" "}
            <span className="ml-1 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">
              {t.count.toLocaleString("en-US")}
            </span>
          </Link>
        );
      })}
    </nav>
  );
}

export function SearchBox({
  base,
  search,
  state,
  label,
  placeholder,
}: {
  base: string;
  search: string;
  state: string;
  label: string;
  placeholder: string;
}) {
  return (
    <form action={base} method="get" role="search" className="flex items-end gap-2">
      {state !== "all" ? <input type="hidden" name="state" value={state} /> : null}
      <div>
        <label htmlFor="directory-search" className="sr-only">
          {label}
        </label>
        <input
          id="directory-search"
          type="search"
          name="q"
          defaultValue={search}
          placeholder={placeholder}
          className="block w-[26rem] max-w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm placeholder:text-slate-400 focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/20"
        />
      </div>
      <button
        type="submit"
        className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
      >
        Search
      </button>
      {search ? (
        <Link href={listHref(base, { state })} className="px-2 py-1.5 text-sm text-blue-700 hover:underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}

export function Pagination({
  base,
  search,
  state,
  page,
  pageSize,
  total,
  noun,
}: {
  base: string;
  search: string;
  state: string;
  page: number;
  pageSize: number;
  total: number;
  noun: string;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <div className="flex items-center justify-between gap-4 pt-3 text-sm text-slate-600">
      <p aria-live="polite">
        {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {total.toLocaleString("en-US")} {noun}
      </p>
      <div className="flex items-center gap-2">
        <span className="text-xs text-slate-500">
          Page {page} of {pages}
        </span>
        {page > 1 ? (
          <LinkButton href={listHref(base, { q: search, state, page: page - 1 })} rel="prev">
            Previous
          </LinkButton>
        ) : (
          <span aria-disabled="true" className="rounded-md border border-slate-200 px-3 py-1.5 text-slate-400">
            Previous
          </span>
        )}
        {page < pages ? (
          <LinkButton href={listHref(base, { q: search, state, page: page + 1 })} rel="next">
            Next
          </LinkButton>
        ) : (
          <span aria-disabled="true" className="rounded-md border border-slate-200 px-3 py-1.5 text-slate-400">
            Next
          </span>
        )}
      </div>
    </div>
  );
}
