"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useId, useState } from "react";
import type { GroupMemberOption, GroupMemberSearch } from "@/lib/directory/search-group-members";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/field";

/** Provision on demand sends a group with at most this many of its members (Entra's limit). */
export const MAX_ON_DEMAND_MEMBERS = 5;

/**
 * The members to provision with a group on demand: a search within the group's members and up to 5
 * ticked. With 5 members or fewer and none ticked, all of them go with the group.
 */
export function OnDemandMemberPicker({
  groupId,
  chosen,
  onChange,
}: {
  groupId: string;
  chosen: GroupMemberOption[];
  onChange: (members: GroupMemberOption[]) => void;
}) {
  const searchId = useId();
  const [q, setQ] = useState("");
  const search = useGroupMembers(groupId, useDeferredValue(q));
  const full = chosen.length >= MAX_ON_DEMAND_MEMBERS;
  const toggle = (m: GroupMemberOption, on: boolean) =>
    onChange(on ? [...chosen, m] : chosen.filter((c) => c.id !== m.id));
  const data = search.data;
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">Members to provision with the group</legend>
      <MemberPickerHint total={data?.total} chosen={chosen.length} />
      <label htmlFor={searchId} className="sr-only">
        Search members
      </label>
      <Input
        id={searchId}
        type="search"
        value={q}
        placeholder="Search members by name or user principal name"
        onChange={(e) => setQ(e.target.value)}
      />
      {search.isError ? <Alert tone="error">{search.error.message}</Alert> : null}
      <ul
        aria-label="Group members"
        className="max-h-48 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200"
      >
        {search.isPending ? <li className="px-3 py-2 text-sm text-slate-500">Loading members…</li> : null}
        {data && data.members.length === 0 ? (
          <li className="px-3 py-2 text-sm text-slate-500">
            {data.total === 0 ? "This group has no members." : "No members match."}
          </li>
        ) : null}
        {data?.members.map((m) => {
          const checked = chosen.some((c) => c.id === m.id);
          return (
            <li key={m.id}>
              <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-slate-50 has-disabled:cursor-not-allowed has-disabled:opacity-60">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && full}
                  onChange={(e) => toggle(m, e.target.checked)}
                />
                <span className="font-medium text-slate-900">{m.displayName}</span>
                <span className="text-slate-500">{m.userPrincipalName}</span>
                {m.deleted ? <Badge tone="red">Deleted</Badge> : !m.accountEnabled ? <Badge>Disabled</Badge> : null}
              </label>
            </li>
          );
        })}
        {data && data.matching > data.members.length ? (
          <li className="px-3 py-1.5 text-xs text-slate-500">
            and {data.matching - data.members.length} more; search to find them
          </li>
        ) : null}
      </ul>
      {chosen.length > 0 ? (
        <p className="text-sm text-slate-700">Chosen: {chosen.map((c) => c.displayName).join(", ")}</p>
      ) : null}
    </fieldset>
  );
}

/** Members of a group matching `q`; with an empty `q` this is also how the parent learns the member count. */
export function useGroupMembers(groupId: string | null, q = "") {
  return useQuery({
    queryKey: ["group-members", groupId, q],
    enabled: groupId !== null,
    queryFn: async (): Promise<GroupMemberSearch> => {
      const res = await fetch(
        `/api/directory/groups/${encodeURIComponent(groupId ?? "")}/members?q=${encodeURIComponent(q)}`,
      );
      if (!res.ok) throw new Error(`The server answered ${res.status}.`);
      return res.json();
    },
    placeholderData: (previous) => previous,
  });
}

function MemberPickerHint({ total, chosen }: { total: number | undefined; chosen: number }) {
  if (total === undefined) return null;
  const count = `${chosen} of ${MAX_ON_DEMAND_MEMBERS} chosen.`;
  if (total <= MAX_ON_DEMAND_MEMBERS && chosen === 0)
    return (
      <p className="text-xs text-slate-500">
        The group has {total} member{total === 1 ? "" : "s"}; all are provisioned with it unless you choose some.
      </p>
    );
  return (
    <p className="text-xs text-slate-500">
      The group has {total} members. Choose up to {MAX_ON_DEMAND_MEMBERS} to provision with it. {count}
    </p>
  );
}
