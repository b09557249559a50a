import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { AddAdminUserForm } from "@/components/auth/add-admin-user-form";
import { AdminUserRowActions } from "@/components/auth/admin-user-row-actions";
import { listAdminUsers } from "@/lib/auth/manage-admin-users";
import { oidcPublicInfo } from "@/lib/auth/oidc-config";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { requireUser } from "@/app/_lib/current-user";
import { ApiTokensCard } from "@/components/auth/api-tokens-card";
import { listApiTokens } from "@/lib/auth/api-tokens/list-api-tokens";
import {
  changeAdminRoleAction,
  createAdminUserAction,
  createApiTokenAction,
  deleteAdminUserAction,
  resetAdminPasswordAction,
  revokeApiTokenAction,
} from "./actions";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "People and roles" };

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
  const [users, tokens] = await Promise.all([listAdminUsers(), listApiTokens()]);
  const sso = oidcPublicInfo();
  // Without single sign-on (and nobody left from it) nothing about it shows.
  const showSignInMethod = Boolean(sso) || users.some((u) => u.signInMethod === "sso");
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
              {showSignInMethod ? <Th>Signs in with</Th> : null}
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
                {showSignInMethod ? (
                  <Td>
                    {u.signInMethod === "sso" ? (
                      <Badge tone="green">{sso ? `SSO (${sso.displayName})` : "SSO"}</Badge>
                    ) : (
                      "Password"
                    )}
                  </Td>
                ) : null}
                <Td className="whitespace-nowrap text-slate-600">{formatTimestamp(u.lastSeenAt)}</Td>
                <Td>
                  <AdminUserRowActions
                    userId={u.id}
                    username={u.username}
                    role={u.role}
                    isMe={u.id === me.id}
                    signInMethod={u.signInMethod}
                    roleFromSso={u.signInMethod === "sso" && Boolean(sso?.roleMapping)}
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
      <Card
        title="Add a person"
        description={
          sso
            ? `People who sign in with ${sso.displayName} are added at their first sign-in; add people here to give them a Provisio password.`
            : undefined
        }
      >
        <AddAdminUserForm action={createAdminUserAction} minLength={PASSWORD_MIN_LENGTH} />
      </Card>
      <ApiTokensCard tokens={tokens} create={createApiTokenAction} revoke={revokeApiTokenAction} />
      {sso ? <SingleSignOnCard sso={sso} /> : null}
    </div>
  );
}

const termClass = "text-slate-500";
const valueList = (values: string[]) => (values.length ? values.join(", ") : "—");

/** How single sign-on is set up (from the PROVISIO_OIDC_* variables). Never the client secret. */
function SingleSignOnCard({ sso }: { sso: NonNullable<ReturnType<typeof oidcPublicInfo>> }) {
  return (
    <Card
      title="Single sign-on"
      description={`On: the sign-in page offers "Sign in with ${sso.displayName}". Set in the server's environment.`}
    >
      <dl className="grid grid-cols-[11rem_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className={termClass}>Issuer</dt>
        <dd className="break-all font-mono text-xs leading-5">{sso.issuer}</dd>
        <dt className={termClass}>Client ID</dt>
        <dd className="break-all font-mono text-xs leading-5">{sso.clientId}</dd>
        <dt className={termClass}>Redirect URI</dt>
        <dd className="break-all font-mono text-xs leading-5">{sso.redirectUri}</dd>
        <dt className={termClass}>Roles</dt>
        <dd>
          {sso.roleMapping ? (
            <>
              From the <code>{sso.roleClaim}</code> claim at every sign-in. Administrator: {valueList(sso.adminValues)}.
              Reader: {valueList(sso.readerValues)}. Anyone else is refused.
            </>
          ) : (
            <>New people become Readers; an Administrator can change their role here, and it stays.</>
          )}
        </dd>
      </dl>
    </Card>
  );
}
