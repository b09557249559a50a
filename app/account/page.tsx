import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { oidcPublicInfo } from "@/lib/auth/oidc-config";
import { requireUser } from "@/app/_lib/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const me = await requireUser();
  const ssoOn = oidcPublicInfo();
  const sso = me.signInMethod === "sso" ? ssoOn : null;
  const provider = sso?.displayName ?? "your organisation's identity provider";
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader
        title="Your account"
        description={
          me.signInMethod === "sso" ? "Who you are signed in as." : "Who you are signed in as, and your password."
        }
      />
      <Card title="Signed in as">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">Username</dt>
          <dd className="font-medium text-slate-900">{me.username}</dd>
          {me.displayName ? (
            <>
              <dt className="text-slate-500">Display name</dt>
              <dd>{me.displayName}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">Role</dt>
          <dd>
            <Badge tone={me.role === "Administrator" ? "blue" : "neutral"}>{me.role}</Badge>
            <span className="ml-2 text-slate-600">
              {me.role === "Administrator"
                ? "You can change everything."
                : "You can view configuration and logs, but not change them."}
            </span>
          </dd>
          {me.signInMethod === "sso" || ssoOn ? (
            <>
              <dt className="text-slate-500">Signs in with</dt>
              <dd>
                {me.signInMethod === "sso" ? (
                  <>
                    <Badge tone="green">Single sign-on</Badge>
                    <span className="ml-2 text-slate-600">
                      {sso?.roleMapping
                        ? `${provider}; your role comes from your groups there at each sign-in.`
                        : provider}
                    </span>
                  </>
                ) : (
                  "A Provisio password"
                )}
              </dd>
            </>
          ) : null}
        </dl>
      </Card>
      {me.signInMethod === "sso" ? (
        <Card title="Password">
          <p className="text-sm text-slate-600">
            You sign in with {provider}, so Provisio keeps no password for you. Change your password there.
          </p>
        </Card>
      ) : (
        <Card title="Change password" description="Changing it signs you out everywhere else.">
          <ChangePasswordForm minLength={PASSWORD_MIN_LENGTH} />
        </Card>
      )}
    </div>
  );
}
