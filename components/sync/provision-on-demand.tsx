"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, useTransition } from "react";
import { provisionOnDemandAction } from "@/app/applications/[appId]/provisioning/engine-actions";
import type { OnDemandResult } from "@/lib/sync/cycle/provision-on-demand";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SentAttributes } from "./sent-attributes";
import type { GroupMemberOption } from "@/lib/directory/search-group-members";
import { MAX_ON_DEMAND_MEMBERS, OnDemandMemberPicker, useGroupMembers } from "./on-demand-member-picker";
import { OnDemandPrincipalList } from "./on-demand-principal-list";

type Outcome = NonNullable<OnDemandResult["object"]>;

const STEP_TONE: Record<string, "green" | "amber" | "red" | "neutral"> = {
  Success: "green",
  Warning: "amber",
  Failure: "red",
  Skipped: "neutral",
};

/**
 * Provision on demand: search a user (or a group, with up to 5 of its members), run it now, and see the steps Import,
 * Scope, Match and Action with their details.
 */
export function ProvisionOnDemand({ jobId, applicationId }: { jobId: string; applicationId: string }) {
  const typeId = useId();
  const [objectType, setObjectType] = useState<"User" | "Group">("User");
  const [selected, setSelected] = useState<PrincipalOption | null>(null);
  const [members, setMembers] = useState<GroupMemberOption[]>([]);
  const [result, setResult] = useState<OnDemandResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const queryClient = useQueryClient();
  const group = objectType === "Group" ? selected : null;
  const memberCount = useGroupMembers(group?.id ?? null).data?.total;
  // A group with more than 5 members goes with the ones chosen (Entra's limit); with fewer, with all of them.
  const mustChoose = group !== null && memberCount !== undefined && memberCount > MAX_ON_DEMAND_MEMBERS;
  const ready = selected !== null && (!mustChoose || members.length > 0);

  const choose = (next: PrincipalOption | null) => {
    setSelected(next);
    setMembers([]);
    setResult(null);
  };
  const run = () => {
    if (!selected) return;
    setError(null);
    setResult(null);
    start(async () => {
      const r = await provisionOnDemandAction({
        jobId,
        applicationId,
        objectType,
        sourceId: selected.id,
        memberIds: group && members.length > 0 ? members.map((m) => m.id) : undefined,
      });
      if (r.ok) setResult(r.data);
      else setError(r.error);
      await queryClient.invalidateQueries({ queryKey: ["job-progress", jobId] });
    });
  };

  return (
    <Card
      title="Provision on demand"
      description="Provision one user, or a group with up to 5 of its members, now, and see each step."
    >
      <div className="space-y-4">
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Object type</legend>
          {(["User", "Group"] as const).map((t) => (
            <label key={t} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${typeId}-type`}
                checked={objectType === t}
                onChange={() => {
                  setObjectType(t);
                  choose(null);
                }}
              />
              {t === "User" ? "User" : "Group"}
            </label>
          ))}
        </fieldset>
        <OnDemandPrincipalList
          key={objectType}
          jobId={jobId}
          objectType={objectType}
          selected={selected}
          onSelect={choose}
        />
        {group ? <OnDemandMemberPicker groupId={group.id} chosen={members} onChange={setMembers} /> : null}
        <div className="flex items-center gap-3">
          <Button variant="primary" disabled={!ready || pending} onClick={run}>
            {pending ? "Provisioning…" : "Provision"}
          </Button>
          {selected ? <span className="text-sm text-slate-600">Selected: {selected.displayName}</span> : null}
          {mustChoose && members.length === 0 ? (
            <span className="text-sm text-slate-600">Choose the members to provision with it.</span>
          ) : null}
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
          <SentAttributes properties={o.modifiedProperties ?? []} label={`Attributes sent for ${o.identity}`} />
        </div>
      ))}
      <p className="text-xs text-slate-500">
        {result.requests} request{result.requests === 1 ? "" : "s"} in {(result.durationMs / 1000).toFixed(1)} s
      </p>
    </section>
  );
}
