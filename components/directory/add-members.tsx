"use client";

import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";
import type { UserListItem } from "@/lib/directory/list-users";
import { useHydrated } from "./use-hydrated";

/** Add members: search users as the admin types and add one at a time; members already in drop out. */
export function AddMembers({
  groupId,
  disabled,
  busyId,
  searchUsers,
  onAdd,
}: {
  groupId: string;
  disabled: boolean;
  busyId: string | null;
  searchUsers: (input: {
    groupId: string;
    search: string;
  }) => Promise<ActionResult<{ items: UserListItem[]; total: number }>>;
  onAdd: (user: UserListItem) => void;
}) {
  const [search, setSearch] = useState("");
  const [results, setResults] = useState<{ items: UserListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searching, startSearch] = useTransition();
  const hydrated = useHydrated();

  // Search as the admin types, a moment after the last key; refresh after each add so added users drop out.
  useEffect(() => {
    const term = search.trim();
    if (term === "") {
      setResults(null);
      return;
    }
    const handle = setTimeout(() => {
      startSearch(async () => {
        try {
          const r = await searchUsers({ groupId, search: term });
          if (r.ok) {
            setResults(r.data);
            setError(null);
          } else setError(r.error);
        } catch {
          setError("The search could not reach the server.");
        }
      });
    }, 250);
    return () => clearTimeout(handle);
  }, [search, groupId, searchUsers, busyId]);

  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <label htmlFor="add-members-search" className="block text-sm font-medium text-slate-800">
        Add members
      </label>
      <input
        id="add-members-search"
        type="search"
        disabled={!hydrated}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder="Search users by name, user principal name, mail or department"
        autoComplete="off"
        className="mt-1 block w-full max-w-lg rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm placeholder:text-slate-400 focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/20"
      />
      <div aria-live="polite" className="mt-2 text-sm">
        {error ? <p className="text-red-700">{error}</p> : null}
        {searching && !results ? <p className="text-slate-500">Searching…</p> : null}
        {results && results.items.length === 0 ? (
          <p className="text-slate-600">No users match, or they are all members already.</p>
        ) : null}
      </div>
      {results && results.items.length > 0 ? (
        <ul
          aria-label="Users to add"
          className="mt-1 divide-y divide-slate-200 rounded-md border border-slate-200 bg-white"
        >
          {results.items.map((u) => (
            <li key={u.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{u.displayName}</span>
                <span className="ml-2 text-slate-500">{u.userPrincipalName}</span>
                {u.department ? <span className="ml-2 text-xs text-slate-500">· {u.department}</span> : null}
              </span>
              <Button aria-label={`Add ${u.displayName}`} disabled={disabled} onClick={() => onAdd(u)}>
                {busyId === u.id ? "Adding…" : "Add"}
              </Button>
            </li>
          ))}
          {results.total > results.items.length ? (
            <li className="px-3 py-2 text-xs text-slate-500">
              {results.total - results.items.length} more match; type more of the name to narrow the list.
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
