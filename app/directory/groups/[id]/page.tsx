import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DirectoryObjectHeader, PropertyList } from "@/components/directory/directory-object-parts";
import { GroupForm } from "@/components/directory/group-form";
import { GroupMembers } from "@/components/directory/group-members";
import { LifecycleActions } from "@/components/directory/lifecycle-actions";
import { SourceBadge, SourceOwnedNotice } from "@/components/directory/source-badge";
import { getGroup } from "@/lib/directory/get-group";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import {
  addGroupMembersAction,
  hardDeleteGroupAction,
  removeGroupMembersAction,
  restoreGroupAction,
  searchUsersToAddAction,
  softDeleteGroupAction,
  updateGroupAction,
} from "../actions";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const group = await getGroup((await params).id);
  return { title: group ? group.displayName : "Group not found" };
}

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const group = await getGroup(id);
  if (!group) notFound();
  // A source's group is read-only here: its source is the authority (the server refuses changes too).
  const canChange = (await canCurrentUserChange()) && !group.source;
  const deleted = group.deletedAt !== null;
  const details: [string, string | null][] = [
    ["objectId", group.id],
    ["displayName", group.displayName],
    ["mailNickname", group.mailNickname],
    ["description", group.description],
    ["mail", group.mail],
    ["securityEnabled", String(group.securityEnabled)],
    ["mailEnabled", String(group.mailEnabled)],
    ...(group.source
      ? ([
          ["source", group.source.name],
          ["sourceAnchor", group.sourceAnchor],
          ["externalId", group.externalId],
        ] as [string, string | null][])
      : []),
    ["createdDateTime", formatTimestamp(group.createdAt)],
  ];

  return (
    <div className="max-w-5xl space-y-6">
      <DirectoryObjectHeader
        listPath="/directory/groups"
        plural="groups"
        title={
          <>
            {group.displayName}
            {deleted ? <Badge tone="red">Deleted</Badge> : null}
            {group.source ? <SourceBadge source={group.source} /> : null}
          </>
        }
        description={group.description ?? undefined}
        created={sp.created ? "Group created. Add members below." : null}
        deletedAt={group.deletedAt}
        deletedText={
          group.source
            ? `This group is in Deleted groups: ${group.source.name} deleted it.`
            : "This group is in Deleted groups. Restore it, with its members, or delete it permanently."
        }
      />
      {group.source ? <SourceOwnedNotice source={group.source} noun="group" /> : null}

      {canChange ? (
        <Card title="Actions">
          <LifecycleActions
            id={group.id}
            name={group.displayName}
            noun="group"
            deleted={deleted}
            softDelete={softDeleteGroupAction}
            restore={restoreGroupAction}
            hardDelete={hardDeleteGroupAction}
          />
        </Card>
      ) : null}

      <div className={canChange ? "grid gap-6 lg:grid-cols-[1fr_1.2fr]" : ""}>
        <Card title="Properties">
          <PropertyList rows={details} narrow />
        </Card>
        {/* Readers see every value in Properties; the edit form is for Administrators. */}
        {canChange ? (
          <Card title="Edit properties" id="edit">
            <GroupForm
              mode="edit"
              disabled={deleted}
              action={updateGroupAction}
              values={{
                id: group.id,
                displayName: group.displayName,
                mailNickname: group.mailNickname,
                description: group.description,
                mail: group.mail,
                securityEnabled: group.securityEnabled,
                mailEnabled: group.mailEnabled,
              }}
            />
          </Card>
        ) : null}
      </div>

      <Card
        title="Members"
        description={`${group.members.length.toLocaleString("en-US")} member${group.members.length === 1 ? "" : "s"}`}
      >
        <GroupMembers
          groupId={group.id}
          groupName={group.displayName}
          deleted={deleted}
          members={group.members}
          addMembers={addGroupMembersAction}
          removeMembers={removeGroupMembersAction}
          searchUsers={searchUsersToAddAction}
          readOnly={!!group.source}
        />
      </Card>
    </div>
  );
}
