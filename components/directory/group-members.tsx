"use client";

import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { ActionResult } from "@/lib/action-result";
import type { UserListItem } from "@/lib/directory/list-users";
import { UserStatusBadge } from "./user-status-badge";
import { useHydrated } from "./use-hydrated";
import { useCanChange } from "@/components/ui/role-context";

// Large groups (All Staff) show this many members until the admin asks for all or filters.
const PAGE = 100;

export type MemberRow = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department: string | null;
  accountEnabled: boolean;
  deletedAt: Date | null;
};

type MembersInput = { groupId: string; userIds: string[] };

export function GroupMembers({
  groupId,
  groupName,
  deleted,
  members,
  addMembers,
  removeMembers,
  searchUsers,
}: {
  groupId: string;
  groupName: string;
  deleted: boolean;
  members: MemberRow[];
  addMembers: (input: MembersInput) => Promise<ActionResult<{ added: number }>>;
  removeMembers: (input: MembersInput) => Promise<ActionResult<{ removed: number }>>;
  searchUsers: (input: {
    groupId: string;
    search: string;
  }) => Promise<ActionResult<{ items: UserListItem[]; total: number }>>;
}) {
  const canChange = useCanChange();
  const [transitionPending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const pending = transitionPending || !hydrated;
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [filter, setFilter] = useState("");
  const [showAll, setShowAll] = useState(false);
  const term = filter.trim().toLowerCase();
  const matching = term
    ? members.filter((m) =>
        [m.displayName, m.userPrincipalName, m.department ?? ""].some((v) => v.toLowerCase().includes(term)),
      )
    : members;
  const shown = showAll ? matching : matching.slice(0, PAGE);

  function change(userId: string, call: () => Promise<ActionResult<unknown>>, success: string) {
    setBusyId(userId);
    setMessage(null);
    startTransition(async () => {
      try {
        const result = await call();
        setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.error });
      } catch {
        setMessage({ tone: "error", text: "The server could not be reached. Nothing was changed; try again." });
      } finally {
        setBusyId(null);
      }
    });
  }

  return (
    <div className="space-y-4">
      {!canChange ? null : !deleted ? (
        <AddMembers
          groupId={groupId}
          disabled={pending}
          busyId={busyId}
          searchUsers={searchUsers}
          onAdd={(user) =>
            change(
              user.id,
              () => addMembers({ groupId, userIds: [user.id] }),
              `${user.displayName} was added to ${groupName}.`,
            )
          }
        />
      ) : (
        <p className="text-sm text-slate-600">Restore the group to change its members.</p>
      )}
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {members.length === 0 ? (
        <EmptyState title="No members yet">
          {canChange
            ? "Search for users above and add them. Provisioning sends the group with its members to applications."
            : "An Administrator adds members to the group."}
        </EmptyState>
      ) : (
        <div className="space-y-2">
          {members.length > 10 ? (
            <div className="flex items-center gap-2">
              <label htmlFor="filter-members" className="text-sm text-slate-700">
                Filter members
              </label>
              <input
                id="filter-members"
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="Name, user principal name or department"
                className="block w-72 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm shadow-sm placeholder:text-slate-400 focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/20"
              />
              {term ? (
                <span className="text-xs text-slate-500">
                  {matching.length} of {members.length}
                </span>
              ) : null}
            </div>
          ) : null}
          <Table aria-label="Members">
            <thead>
              <tr>
                <Th>Display name</Th>
                <Th>User principal name</Th>
                <Th>Department</Th>
                <Th>Status</Th>
                {canChange ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => (
                <Tr key={m.id}>
                  <Td>
                    <Link className="font-medium text-blue-700 hover:underline" href={`/directory/users/${m.id}`}>
                      {m.displayName}
                    </Link>
                  </Td>
                  <Td className="text-slate-600">{m.userPrincipalName}</Td>
                  <Td>{m.department ?? "—"}</Td>
                  <Td>
                    <UserStatusBadge user={m} />
                  </Td>
                  {canChange ? (
                    <Td className="text-right">
                      {!deleted ? (
                        <Button
                          variant="ghost"
                          aria-label={`Remove ${m.displayName}`}
                          disabled={pending}
                          onClick={() =>
                            change(
                              m.id,
                              () => removeMembers({ groupId, userIds: [m.id] }),
                              `${m.displayName} was removed from ${groupName}.`,
                            )
                          }
                        >
                          {transitionPending && busyId === m.id ? "Removing…" : "Remove"}
                        </Button>
                      ) : null}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </tbody>
          </Table>
          {matching.length > shown.length ? (
            <p className="text-sm text-slate-600">
              Showing {shown.length} of {matching.length}.{" "}
              <button
                type="button"
                className="font-medium text-blue-700 hover:underline"
                onClick={() => setShowAll(true)}
              >
                Show all
              </button>
            </p>
          ) : null}
          {term && matching.length === 0 ? (
            <p className="text-sm text-slate-600">No member matches “{filter.trim()}”.</p>
          ) : null}
        </div>
      )}
    </div>
  );
}

function AddMembers({
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
