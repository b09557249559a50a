import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/prisma";
import { logFiltersSchema, logFiltersToSearchParams, parseLogFilters, type LogFilters } from "@/lib/logs/log-filters";
import { queryLogEntries } from "@/lib/logs/query-log-entries";
import { Alert } from "@/components/ui/alert";
import { LogFilterBar } from "./log-filter-bar";
import { LogsExplorer } from "./logs-explorer";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The body of both logs pages: filters from the URL, the first page read on the server, then the client
 * table (load more, live view, detail panel, downloads). `applicationId` fixes the application filter.
 */
export async function LogsPageBody({
  searchParams,
  basePath,
  applicationId,
}: {
  searchParams: SearchParams;
  basePath: string;
  applicationId?: string;
}) {
  let filters: LogFilters;
  let filterError: string | null = null;
  try {
    filters = parseLogFilters(searchParams);
  } catch (e) {
    filterError =
      e instanceof Error && "issues" in e
        ? (e as { issues: { message: string }[] }).issues.map((i) => i.message).join(" ")
        : "Some filters are not valid.";
    filters = logFiltersSchema.parse({});
  }
  if (applicationId) filters = { ...filters, app: applicationId };
  const applications = applicationId
    ? undefined
    : await prisma.application.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });

  if (!filterError) {
    // The filter form submits every field; keep shared URLs short by dropping empty and default values.
    const canonical = logFiltersToSearchParams(filters);
    if (applicationId) canonical.delete("app");
    const raw = Object.entries(searchParams).filter(([k]) => k !== "entry");
    const untidy = raw.some(
      ([k, v]) =>
        v === undefined ||
        v === "" ||
        (Array.isArray(v) && v.length !== 1) ||
        canonical.get(k) !== (Array.isArray(v) ? v[0] : v),
    );
    if (untidy || raw.length !== [...canonical.keys()].length)
      redirect(canonical.size ? `${basePath}?${canonical}` : basePath);
  }
  const initial = await queryLogEntries(filters);
  const shown = logFiltersToSearchParams(filters);
  const hasFilters = [...shown.keys()].some((k) => k !== "app" || !applicationId);
  const cycle = filters.cycle
    ? await prisma.cycle.findUnique({
        where: { id: filters.cycle },
        select: { type: true, startedAt: true, status: true },
      })
    : null;

  return (
    <div className="space-y-4">
      {/* Keyed by the filters: after Reset or a shared link, the inputs show the URL, not what was typed before. */}
      <LogFilterBar key={shown.toString()} action={basePath} filters={filters} applications={applications} />
      {filterError ? (
        <Alert tone="error" title="Some filters were ignored">
          {filterError}
        </Alert>
      ) : null}
      {filters.cycle ? (
        <p className="text-sm text-slate-700">
          Showing the entries of{" "}
          {cycle
            ? `the ${cycle.type.toLowerCase()} cycle started ${formatTimestamp(cycle.startedAt)} (${cycle.status})`
            : `cycle ${filters.cycle}`}
          .
        </p>
      ) : null}
      <LogsExplorer
        key={`${shown.toString()}|${initial.latestId}`}
        initial={initial}
        query={shown.toString()}
        basePath={basePath}
        showApplication={!applicationId}
        hasFilters={hasFilters}
        emptyHint={
          applicationId
            ? "Entries appear here when a provisioning cycle runs: turn provisioning On on the Provisioning tab, or provision a user on demand."
            : "Entries appear here when an application's provisioning cycle runs."
        }
      />
    </div>
  );
}
