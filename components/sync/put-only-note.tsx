import { formatTimestamp } from "@/lib/dates/format-timestamp";

/** A PUT-only target, remembered on the job: why user updates go out as full PUTs. */
export function PutOnlyNote({ since }: { since: string | null }) {
  if (!since) return null;
  return (
    <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700">
      <span className="font-medium text-slate-900">Users are updated with PUT.</span> The target refused a PATCH of a
      user (405) on {formatTimestamp(since)}, so Provisio sends each user&apos;s full set of attributes instead. Saving
      another Tenant URL tries PATCH again.
    </p>
  );
}
