"use client";

import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import type { ActionResult } from "@/lib/action-result";
import type { UserListItem } from "@/lib/directory/list-users";
import { useCanChange } from "@/components/ui/role-context";
import { AddMembers } from "./add-members";
import { MembersTable } from "./members-table";
import { useDirectoryChange } from "./use-directory-change";

export type MemberRow = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department: string | null;
  accountEnabled: boolean;
  deletedAt: Date | null;
};

type MembersInput = { groupId: string; userIds: string[] };

/** A group's members: Administrators add them by search and remove them one by one; a deleted group is frozen. */
export function GroupMembers({
  groupId,
  groupName,
  deleted,
  members,
  addMembers,
  removeMembers,
  searchUsers,
  readOnly = false,
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
  /** A group a source owns: its members change at the source, never here. */
  readOnly?: boolean;
}) {
  const canChange = useCanChange() && !readOnly;
  const { run, pending, running, busy, message } = useDirectoryChange();

  return (
    <div className="space-y-4">
      {!canChange ? null : !deleted ? (
        <AddMembers
          groupId={groupId}
          disabled={pending}
          busyId={busy}
          searchUsers={searchUsers}
          onAdd={(user) =>
            run(
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
        <MembersTable
          members={members}
          removable={canChange && !deleted}
          canChange={canChange}
          pending={pending}
          removingId={running ? busy : null}
          onRemove={(m) =>
            run(
              m.id,
              () => removeMembers({ groupId, userIds: [m.id] }),
              `${m.displayName} was removed from ${groupName}.`,
            )
          }
        />
      )}
    </div>
  );
}
