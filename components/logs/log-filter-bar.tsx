import Form from "next/form";
import { LOG_ACTIONS, LOG_STATUSES, type LogFilters } from "@/lib/logs/log-filters";
import { Input, Select } from "@/components/ui/field";
import { LinkButton, buttonClass } from "@/components/ui/button";

/** datetime-local value in UTC (the page shows UTC times). */
function utcLocal(d: Date | undefined): string {
  return d ? d.toISOString().slice(0, 16) : "";
}

const label = "block text-xs font-medium text-slate-700";

/**
 * The filters, as a GET form: applying them changes the URL, so a filtered view can be shared or
 * bookmarked, and the form works before JavaScript has loaded.
 */
export function LogFilterBar({
  action,
  filters,
  applications,
}: {
  action: string;
  filters: LogFilters;
  applications?: { id: string; name: string }[];
}) {
  return (
    <Form
      action={action}
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      aria-label="Filter provisioning logs"
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-6">
        <div className="col-span-2 space-y-1">
          <label htmlFor="log-q" className={label}>
            Identity
          </label>
          <Input
            id="log-q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            placeholder="Name or UPN starts with…, or an exact id"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="log-range" className={label}>
            Date
          </label>
          <Select id="log-range" name="range" defaultValue={filters.range}>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
            <option value="custom">Custom range</option>
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="log-status" className={label}>
            Status
          </label>
          <Select id="log-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">All statuses</option>
            {LOG_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="log-action" className={label}>
            Action
          </label>
          <Select id="log-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">All actions</option>
            {LOG_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a === "StagedDelete" ? "Staged delete" : a}
              </option>
            ))}
          </Select>
        </div>
        {applications ? (
          <div className="space-y-1">
            <label htmlFor="log-app" className={label}>
              Application
            </label>
            <Select id="log-app" name="app" defaultValue={filters.app ?? ""}>
              <option value="">All applications</option>
              {applications.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        <div className="space-y-1">
          <label htmlFor="log-cycle" className={label}>
            Cycle id
          </label>
          <Input id="log-cycle" name="cycle" defaultValue={filters.cycle ?? ""} placeholder="Any cycle" />
        </div>
        <div className="space-y-1">
          <label htmlFor="log-from" className={label}>
            From (UTC, custom range)
          </label>
          <Input id="log-from" name="from" type="datetime-local" defaultValue={utcLocal(filters.from)} />
        </div>
        <div className="space-y-1">
          <label htmlFor="log-to" className={label}>
            To (UTC, custom range)
          </label>
          <Input id="log-to" name="to" type="datetime-local" defaultValue={utcLocal(filters.to)} />
        </div>
      </div>
      <div className="mt-3 flex items-center gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Apply filters
        </button>
        <LinkButton href={action} variant="ghost">
          Reset
        </LinkButton>
        <p className="ml-auto text-xs text-slate-500">
          Identity matches the start of a display name or UPN (any case), or a whole source or target id.
        </p>
      </div>
    </Form>
  );
}
