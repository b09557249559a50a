import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { requireUser } from "@/app/_lib/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const me = await requireUser();
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Your account" description="Who you are signed in as, and your password." />
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
              {me.role === "Administrator" ? "You can change everything." : "You can view configuration and logs, but not change them."}
            </span>
          </dd>
        </dl>
      </Card>
      <Card title="Change password" description="Changing it signs you out everywhere else.">
        <ChangePasswordForm minLength={PASSWORD_MIN_LENGTH} />
      </Card>
    </div>
  );
}
