"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { MemberRow } from "./group-members";
import { UserStatusBadge } from "./user-status-badge";

// Large groups (All Staff) show this many members until the admin asks for all or filters.
const PAGE = 100;

/** The members table, with a filter for groups of more than ten and "Show all" past the first hundred. */
export function MembersTable({
  members,
  canChange,
  removable,
  pending,
  removingId,
  onRemove,
}: {
  members: MemberRow[];
  /** Administrators get the actions column. */
  canChange: boolean;
  /** Members can be removed (not while the group is deleted). */
  removable: boolean;
  pending: boolean;
  removingId: string | null;
  onRemove: (member: MemberRow) => void;
}) {
  const [filter, setFilter] = useState("");
  const [showAll, setShowAll] = useState(false);
  const term = filter.trim().toLowerCase();
  const matching = term
    ? members.filter((m) =>
        [m.displayName, m.userPrincipalName, m.department ?? ""].some((v) => v.toLowerCase().includes(term)),
      )
    : members;
  const shown = showAll ? matching : matching.slice(0, PAGE);

  return (
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
                  {removable ? (
                    <Button
                      variant="ghost"
                      aria-label={`Remove ${m.displayName}`}
                      disabled={pending}
                      onClick={() => onRemove(m)}
                    >
                      {removingId === m.id ? "Removing…" : "Remove"}
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
          <button type="button" className="font-medium text-blue-700 hover:underline" onClick={() => setShowAll(true)}>
            Show all
          </button>
        </p>
      ) : null}
      {term && matching.length === 0 ? (
        <p className="text-sm text-slate-600">No member matches “{filter.trim()}”.</p>
      ) : null}
    </div>
  );
}
