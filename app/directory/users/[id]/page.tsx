import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { DirectoryObjectHeader, PropertyList } from "@/components/directory/directory-object-parts";
import { LifecycleActions } from "@/components/directory/lifecycle-actions";
import { UserForm } from "@/components/directory/user-form";
import { UserStatusBadge } from "@/components/directory/user-status-badge";
import { SourceBadge, SourceOwnedNotice } from "@/components/directory/source-badge";
import { optionalUserAttributeNames } from "@/lib/directory/directory-schemas";
import { getUser } from "@/lib/directory/get-user";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import {
  hardDeleteUserAction,
  restoreUserAction,
  setUserAccountEnabledAction,
  softDeleteUserAction,
  updateUserAction,
} from "../actions";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const user = await getUser((await params).id);
  return { title: user ? user.displayName : "User not found" };
}

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const user = await getUser(id);
  if (!user) notFound();
  // A source's user is read-only here: its source is the authority (the server refuses changes too).
  const canChange = (await canCurrentUserChange()) && !user.source;
  const deleted = user.deletedAt !== null;

  const attributes: [string, string | null][] = [
    ["objectId", user.id],
    ["userPrincipalName", user.userPrincipalName],
    ["mailNickname", user.mailNickname],
    ["displayName", user.displayName],
    ...optionalUserAttributeNames.map((n) => [n, user[n]] as [string, string | null]),
    ["accountEnabled", user.accountEnabled ? "true" : "false"],
    ["manager", user.manager ? user.manager.displayName : null],
    ...(user.source
      ? ([
          ["source", user.source.name],
          ["sourceAnchor", user.sourceAnchor],
          ["externalId", user.externalId],
        ] as [string, string | null][])
      : []),
    ["createdDateTime", formatTimestamp(user.createdAt)],
    ["lastModified", formatTimestamp(user.updatedAt)],
  ];

  return (
    <div className="max-w-5xl space-y-6">
      <DirectoryObjectHeader
        listPath="/directory/users"
        plural="users"
        title={
          <>
            {user.displayName} <UserStatusBadge user={user} />
            {user.source ? <SourceBadge source={user.source} /> : null}
          </>
        }
        description={user.userPrincipalName}
        created={sp.created ? "User created. Assign it to applications to provision it." : null}
        deletedAt={user.deletedAt}
        deletedText={
          user.source
            ? `This user is in Deleted users: ${user.source.name} deleted it, and provisioning treats it as soft-deleted (IsSoftDeleted).`
            : "This user is in Deleted users: provisioning treats it as soft-deleted (IsSoftDeleted). Restore it, with its group memberships, or delete it permanently."
        }
      />
      {user.source ? <SourceOwnedNotice source={user.source} noun="user" /> : null}

      {canChange ? (
        <Card title="Actions">
          <LifecycleActions
            id={user.id}
            name={user.displayName}
            detail={user.userPrincipalName}
            noun="user"
            deleted={deleted}
            accountEnabled={user.accountEnabled}
            setAccountEnabled={setUserAccountEnabledAction}
            softDelete={softDeleteUserAction}
            restore={restoreUserAction}
            hardDelete={hardDeleteUserAction}
          />
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Properties" description="Entra attribute names, as provisioning reads them.">
          <PropertyList rows={attributes} />
        </Card>

        <Card
          title="Group memberships"
          description={`${user.memberships.length} group${user.memberships.length === 1 ? "" : "s"}`}
        >
          {user.memberships.length === 0 ? (
            <p className="text-sm text-slate-600">
              Not a member of any group.{canChange ? " Add the user from a group's page." : ""}
            </p>
          ) : (
            <Table aria-label="Group memberships">
              <thead>
                <tr>
                  <Th>Group</Th>
                  <Th>Added</Th>
                </tr>
              </thead>
              <tbody>
                {user.memberships.map((m) => (
                  <Tr key={m.groupId}>
                    <Td>
                      <Link className="text-blue-700 hover:underline" href={`/directory/groups/${m.groupId}`}>
                        {m.displayName}
                      </Link>
                      {m.deleted ? (
                        <span className="ml-2">
                          <Badge tone="red">Deleted</Badge>
                        </span>
                      ) : null}
                    </Td>
                    <Td className="text-slate-600">{formatTimestamp(m.addedAt)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>

      {/* Readers see every value in Properties above; the edit form is for Administrators. */}
      {canChange ? (
        <Card title="Edit properties" id="edit">
          <UserForm
            mode="edit"
            disabled={deleted}
            action={updateUserAction}
            values={{
              id: user.id,
              displayName: user.displayName,
              userPrincipalName: user.userPrincipalName,
              mailNickname: user.mailNickname,
              ...Object.fromEntries(optionalUserAttributeNames.map((n) => [n, user[n]])),
            }}
          />
        </Card>
      ) : null}
    </div>
  );
}
