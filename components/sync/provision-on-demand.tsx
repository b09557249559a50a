"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useId, useState, useTransition } from "react";
import { provisionOnDemandAction } from "@/app/applications/[appId]/provisioning/engine-actions";
import type { OnDemandResult } from "@/lib/sync/cycle/provision-on-demand";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";

type Outcome = NonNullable<OnDemandResult["object"]>;

const STEP_TONE: Record<string, "green" | "amber" | "red" | "neutral"> = {
  Success: "green",
  Warning: "amber",
  Failure: "red",
  Skipped: "neutral",
};

/**
 * Provision on demand: search a user (or a group of up to 5 members), run it now, and see the steps Import,
 * Scope, Match and Action with their details.
 */
export function ProvisionOnDemand({ jobId, applicationId }: { jobId: string; applicationId: string }) {
  const searchId = useId();
  const [objectType, setObjectType] = useState<"User" | "Group">("User");
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q);
  const [selected, setSelected] = useState<PrincipalOption | null>(null);
  const [result, setResult] = useState<OnDemandResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const queryClient = useQueryClient();
  const options = useQuery({
    queryKey: ["on-demand-principals", jobId, objectType, deferred],
    queryFn: async (): Promise<PrincipalOption[]> => {
      const res = await fetch(
        `/api/jobs/${encodeURIComponent(jobId)}/principals?type=${objectType}&q=${encodeURIComponent(deferred)}`,
      );
      if (!res.ok) throw new Error(`The server answered ${res.status}.`);
      return res.json();
    },
  });

  const run = () => {
    if (!selected) return;
    setError(null);
    setResult(null);
    start(async () => {
      const r = await provisionOnDemandAction({ jobId, applicationId, objectType, sourceId: selected.id });
      if (r.ok) setResult(r.data);
      else setError(r.error);
      await queryClient.invalidateQueries({ queryKey: ["job-progress", jobId] });
    });
  };

  return (
    <Card
      title="Provision on demand"
      description="Provision one user, or a group with up to 5 members, now, and see each step."
    >
      <div className="space-y-4">
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Object type</legend>
          {(["User", "Group"] as const).map((t) => (
            <label key={t} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${searchId}-type`}
                checked={objectType === t}
                onChange={() => {
                  setObjectType(t);
                  setSelected(null);
                  setResult(null);
                }}
              />
              {t === "User" ? "User" : "Group"}
            </label>
          ))}
        </fieldset>
        <div className="space-y-1">
          <label htmlFor={searchId} className="block text-sm font-medium text-slate-800">
            {objectType === "User" ? "Search users" : "Search groups"}
          </label>
          <Input
            id={searchId}
            type="search"
            value={q}
            placeholder={objectType === "User" ? "Name or user principal name" : "Group name"}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        {options.isError ? <Alert tone="error">{options.error.message}</Alert> : null}
        <ul
          aria-label={objectType === "User" ? "Users" : "Groups"}
          className="max-h-56 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200"
        >
          {options.isPending ? <li className="px-3 py-2 text-sm text-slate-500">Searching…</li> : null}
          {options.data?.length === 0 ? (
            <li className="px-3 py-2 text-sm text-slate-500">No {objectType === "User" ? "users" : "groups"} match.</li>
          ) : null}
          {options.data?.map((o) => (
            <li key={o.id}>
              <label className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm hover:bg-slate-50">
                <input
                  type="radio"
                  name={`${searchId}-pick`}
                  checked={selected?.id === o.id}
                  onChange={() => setSelected(o)}
                />
                <span className="font-medium text-slate-900">{o.displayName}</span>
                {o.detail ? <span className="text-slate-500">{o.detail}</span> : null}
                {o.assignedRole ? <Badge tone="blue">{o.assignedRole}</Badge> : <Badge>Not assigned</Badge>}
              </label>
            </li>
          ))}
        </ul>
        <div className="flex items-center gap-3">
          <Button variant="primary" disabled={!selected || pending} onClick={run}>
            {pending ? "Provisioning…" : "Provision"}
          </Button>
          {selected ? <span className="text-sm text-slate-600">Selected: {selected.displayName}</span> : null}
        </div>
        {error ? (
          <Alert tone="error" title="Provision on demand failed">
            {error}
          </Alert>
        ) : null}
        {result ? <OnDemandSteps result={result} /> : null}
      </div>
    </Card>
  );
}

function OnDemandSteps({ result }: { result: OnDemandResult }) {
  const objects: Outcome[] = [
    ...(result.object ? [result.object] : []),
    ...result.members.filter((m) => m.sourceId !== result.object?.sourceId),
  ];
  return (
    <section aria-label="On-demand result" className="space-y-3">
      {result.error ? <Alert tone="error">{result.error}</Alert> : null}
      {objects.map((o) => (
        <div key={`${o.objectType}:${o.sourceId}`} className="rounded-md border border-slate-200">
          <h3 className="flex items-center gap-2 border-b border-slate-100 px-3 py-2 text-sm font-semibold text-slate-900">
            {o.identity}{" "}
            <Badge tone={o.status === "Failure" ? "red" : o.status === "Success" ? "green" : "neutral"}>
              {o.action}
            </Badge>
          </h3>
          <ol className="space-y-1 px-3 py-2">
            {o.steps.map((s, i) => (
              <li key={i} className="flex gap-2 text-sm">
                <span className="w-16 shrink-0 font-medium text-slate-700">{s.step}</span>
                <Badge tone={STEP_TONE[s.status] ?? "neutral"}>{s.status}</Badge>
                <span className="text-slate-700">{s.detail}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
      <p className="text-xs text-slate-500">
        {result.requests} request{result.requests === 1 ? "" : "s"} in {(result.durationMs / 1000).toFixed(1)} s
      </p>
    </section>
  );
}
