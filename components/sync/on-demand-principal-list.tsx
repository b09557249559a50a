"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useId, useState } from "react";
import type { PrincipalOption } from "@/lib/applications/search-principals";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";

/** The user or group search of Provision on demand: lists the first ones before anything is typed. */
export function OnDemandPrincipalList({
  jobId,
  objectType,
  selected,
  onSelect,
}: {
  jobId: string;
  objectType: "User" | "Group";
  selected: PrincipalOption | null;
  onSelect: (option: PrincipalOption) => void;
}) {
  const searchId = useId();
  const [q, setQ] = useState("");
  const deferred = useDeferredValue(q);
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
  const noun = objectType === "User" ? "users" : "groups";
  return (
    <>
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
          <li className="px-3 py-2 text-sm text-slate-500">
            {deferred ? `No ${noun} match.` : `The directory has no ${noun}.`}
          </li>
        ) : null}
        {options.data?.map((o) => (
          <li key={o.id}>
            <label className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm hover:bg-slate-50">
              <input
                type="radio"
                name={`${searchId}-pick`}
                checked={selected?.id === o.id}
                onChange={() => onSelect(o)}
              />
              <span className="font-medium text-slate-900">{o.displayName}</span>
              {o.detail ? <span className="text-slate-500">{o.detail}</span> : null}
              {o.assignedRole ? <Badge tone="blue">{o.assignedRole}</Badge> : <Badge>Not assigned</Badge>}
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}
