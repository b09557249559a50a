import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { AddAdminUserForm } from "@/components/auth/add-admin-user-form";
import { AdminUserRowActions } from "@/components/auth/admin-user-row-actions";
import { listAdminUsers } from "@/lib/auth/manage-admin-users";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { requireUser } from "@/app/_lib/current-user";
import { changeAdminRoleAction, createAdminUserAction, deleteAdminUserAction, resetAdminPasswordAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People and roles" };

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

export default async function AdminUsersPage() {
  const me = await requireUser();
  if (me.role !== "Administrator") {
    return (
      <div className="max-w-3xl space-y-6">
        <PageHeader title="People and roles" />
        <Alert tone="info">Only Administrators manage who can sign in.</Alert>
      </div>
    );
  }
  const users = await listAdminUsers();
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="People and roles"
        description="Who may sign in to Provisio. Administrators change everything; Readers see configuration and logs but change nothing and never see secrets."
      />
      <Card title={`People (${users.length})`}>
        <Table>
          <thead>
            <tr>
              <Th>Username</Th>
              <Th>Display name</Th>
              <Th>Role</Th>
              <Th>Last active</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <Tr key={u.id}>
                <Td className="font-medium">
                  {u.username} {u.id === me.id ? <Badge tone="blue">you</Badge> : null}
                </Td>
                <Td>{u.displayName ?? "—"}</Td>
                <Td>{u.role}</Td>
                <Td className="whitespace-nowrap text-slate-600">{when(u.lastSeenAt)}</Td>
                <Td>
                  <AdminUserRowActions
                    userId={u.id}
                    username={u.username}
                    role={u.role}
                    isMe={u.id === me.id}
                    changeRole={changeAdminRoleAction}
                    resetPassword={resetAdminPasswordAction}
                    remove={deleteAdminUserAction}
                  />
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Add a person">
        <AddAdminUserForm action={createAdminUserAction} minLength={PASSWORD_MIN_LENGTH} />
      </Card>
    </div>
  );
}
