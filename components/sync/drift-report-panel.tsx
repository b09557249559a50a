"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { DriftDifference, OrphanedAccount } from "@/lib/sync/cycle/drift-collector";
import type { DriftReport } from "@/lib/sync/cycle/report-drift";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDuration } from "./engine-format";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

async function fetchDrift(jobId: string): Promise<DriftReport> {
  const res = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/drift`, { cache: "no-store" });
  const body = (await res.json().catch(() => null)) as (DriftReport & { error?: string }) | null;
  if (!res.ok || !body) throw new Error(body?.error ?? `The server answered ${res.status}.`);
  return body;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * The drift report on the Provisioning tab: reads the target (nothing is sent that changes it) and shows
 * each linked object that differs there, and the target's accounts no directory object is linked to.
 * Readers may run it: it is a GET.
 */
export function DriftReportPanel({ jobId }: { jobId: string }) {
  const [run, setRun] = useState(0);
  const query = useQuery({
    queryKey: ["drift", jobId, run],
    queryFn: () => fetchDrift(jobId),
    enabled: run > 0,
    staleTime: Infinity,
    retry: false,
  });
  const busy = query.isFetching;
  return (
    <Card
      title="Drift at the target"
      description="Compare what the target holds with what Provisio provisions, and find the target's accounts that no directory object is linked to. Only reads the target."
      actions={
        <Button className="whitespace-nowrap" disabled={busy} onClick={() => setRun((n) => n + 1)}>
          {busy ? "Reading the target…" : run > 0 ? "Check again" : "Check for drift"}
        </Button>
      }
    >
      <div aria-live="polite" className="space-y-4">
        {busy ? <p className="text-sm text-slate-600">Reading the target…</p> : null}
        {!busy && query.isError ? (
          <Alert tone="error" title="Could not make the drift report">
            {query.error.message}
          </Alert>
        ) : null}
        {!busy && query.data ? <DriftResult report={query.data} /> : null}
        {run === 0 ? (
          <p className="text-sm text-slate-600">
            Restart provisioning corrects every difference; the report shows them first.
          </p>
        ) : null}
      </div>
    </Card>
  );
}

function DriftResult({ report }: { report: DriftReport }) {
  const { compared, differing } = report;
  return (
    <section aria-label="Drift report" className="space-y-4">
      <div>
        <p className={`text-base font-semibold ${differing > 0 ? "text-amber-800" : "text-green-800"}`}>
          {differing > 0
            ? `${plural(differing, "object")} ${differing === 1 ? "differs" : "differ"} at the target`
            : "No object differs at the target"}
        </p>
        <p className="text-xs text-slate-500">
          Compared {plural(compared.users, "user")} and {plural(compared.groups, "group")} ·{" "}
          {plural(report.requests, "request")} in {formatDuration(report.durationMs)} · read{" "}
          {formatTimestamp(report.readAt)}
          {report.counts.unreadable > 0 ? ` · ${plural(report.counts.unreadable, "object")} could not be read` : ""}
        </p>
      </div>
      {report.differences.length > 0 ? (
        <DifferencesTable differences={report.differences} more={differing - report.differences.length} />
      ) : null}
      <Orphans report={report} />
    </section>
  );
}

function DifferencesTable({ differences, more }: { differences: DriftDifference[]; more: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Differences at the target">
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
            <th scope="col" className="py-1 pr-3">
              Object
            </th>
            <th scope="col" className="py-1 pr-3">
              Difference
            </th>
            <th scope="col" className="py-1 pr-3">
              Provisio
            </th>
            <th scope="col" className="py-1">
              At the target
            </th>
          </tr>
        </thead>
        <tbody>{differences.flatMap((d) => differenceRows(d))}</tbody>
      </table>
      {more > 0 ? <p className="mt-1 text-xs text-slate-600">and {plural(more, "more object")}</p> : null}
    </div>
  );
}

function show(v: unknown) {
  if (v === null || v === undefined || v === "") return <span className="text-slate-400">(none)</span>;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function names(list: string[], count: number): string {
  return `${list.join(", ")}${count > list.length ? ` and ${count - list.length} more` : ""}`;
}

function differenceRows(d: DriftDifference) {
  const key = `${d.objectType}:${d.sourceId}`;
  const object = (
    <span className="inline-flex items-center gap-1.5">
      <Badge>{d.objectType}</Badge>
      <span className="font-medium text-slate-900">{d.identity}</span>
    </span>
  );
  const rows: { what: string; ours: React.ReactNode; theirs: React.ReactNode }[] = [];
  if (d.missingAtTarget) rows.push({ what: "Missing at the target", ours: "Provisioned", theirs: "Not found" });
  for (const a of d.attributes) rows.push({ what: a.name, ours: show(a.ours), theirs: show(a.theirs) });
  if (d.members && d.members.missingCount > 0)
    rows.push({
      what: "Members missing",
      ours: names(d.members.missing, d.members.missingCount),
      theirs: "Not members",
    });
  if (d.members && d.members.extraCount > 0)
    rows.push({ what: "Extra members", ours: "Not members", theirs: names(d.members.extra, d.members.extraCount) });
  return rows.map((r, i) => (
    <tr key={`${key}:${i}`} className="border-t border-slate-100 align-top">
      <td className="py-1.5 pr-3">{i === 0 ? object : null}</td>
      <td className="break-all py-1.5 pr-3 font-mono text-xs">{r.what}</td>
      <td className="break-all py-1.5 pr-3">{r.ours}</td>
      <td className="break-all py-1.5 text-slate-700">{r.theirs}</td>
    </tr>
  ));
}

function Orphans({ report }: { report: DriftReport }) {
  const { users, groups, accounts } = report.orphans;
  const total = users + groups;
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">Accounts no directory object is linked to</h3>
      <p className="text-sm text-slate-600">
        {total === 0
          ? "Every user and group at the target is linked to the directory."
          : `${plural(users, "user")} and ${plural(groups, "group")} at the target are not linked to a directory object. Provisio leaves them as they are.`}
        {report.listingComplete ? "" : " The target stopped listing early, so there may be more."}
      </p>
      {accounts.length > 0 ? <OrphansTable accounts={accounts} more={total - accounts.length} /> : null}
    </div>
  );
}

function OrphansTable({ accounts, more }: { accounts: OrphanedAccount[]; more: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Orphaned accounts">
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
            <th scope="col" className="py-1 pr-3">
              Account
            </th>
            <th scope="col" className="py-1 pr-3">
              Type
            </th>
            <th scope="col" className="py-1 pr-3">
              Active
            </th>
            <th scope="col" className="py-1">
              Target id
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={`${a.objectType}:${a.targetId}`} className="border-t border-slate-100">
              <td className="break-all py-1.5 pr-3 font-medium text-slate-900">{a.identity ?? "(no name)"}</td>
              <td className="py-1.5 pr-3">{a.objectType}</td>
              <td className="py-1.5 pr-3">{a.active === null ? "—" : a.active ? "Yes" : "No"}</td>
              <td className="break-all py-1.5 font-mono text-xs text-slate-600">{a.targetId}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className="mt-1 text-xs text-slate-600">and {plural(more, "more account")}</p> : null}
    </div>
  );
}
