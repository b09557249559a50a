import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadApplication } from "@/components/applications/load-application";
import { Card } from "@/components/ui/card";
import { ProvisioningStatusBadge } from "@/components/applications/provisioning-status-badge";
import { RenameApplicationForm } from "@/components/applications/rename-application-form";
import { DeleteApplicationButton } from "@/components/applications/delete-application-button";
import { ChangePropagationCard } from "@/components/sync/change-propagation-card";
import { getChangePropagation } from "@/lib/jobs/get-change-propagation";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { deleteApplicationAction, renameApplicationAction } from "./actions";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ appId: string }> }): Promise<Metadata> {
  const app = await loadApplication((await params).appId);
  return { title: app ? app.name : "Application not found" };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export default async function ApplicationOverviewPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await loadApplication(appId);
  if (!app) notFound();
  const [canChange, propagation] = await Promise.all([canCurrentUserChange(), getChangePropagation(app.id)]);
  const base = `/applications/${app.id}`;
  const assigned = app.assignments.users + app.assignments.groups;

  return (
    <div className="space-y-6">
      <section aria-labelledby="getting-started">
        <h2 id="getting-started" className="mb-3 text-lg font-semibold text-slate-900">
          Getting started
        </h2>
        <ol className="grid gap-4 md:grid-cols-2">
          <li className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Step 1</p>
            <h3 className="mt-1 font-semibold text-slate-900">Assign users and groups</h3>
            <p className="mt-1 text-sm text-slate-600">
              Choose who gets an account in {app.name}. With the default scope, only assigned users and groups are
              provisioned.
            </p>
            <p className="mt-3 text-sm text-slate-800" data-testid="assigned-summary">
              {assigned === 0
                ? "Nobody is assigned yet."
                : `${plural(app.assignments.users, "user", "users")} and ${plural(app.assignments.groups, "group", "groups")} assigned` +
                  (app.assignments.excluded > 0
                    ? ` (${app.assignments.excluded} with Default Access, not provisioned).`
                    : ".")}
            </p>
            <Link
              href={`${base}/users-and-groups`}
              className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline"
            >
              {canChange ? "Manage assignments" : "View assignments"}
            </Link>
          </li>
          <li className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Step 2</p>
            <h3 className="mt-1 font-semibold text-slate-900">Provision user accounts</h3>
            <p className="mt-1 text-sm text-slate-600">
              Enter the Tenant URL and Secret Token, test the connection, review the mappings and turn provisioning On.
            </p>
            <p className="mt-3 flex items-center gap-2 text-sm text-slate-800">
              <span>Status:</span>
              <ProvisioningStatusBadge status={app.provisioningStatus} />
              <span className="text-slate-600">
                {app.provisioningMode} mode · {app.provisioningEnabled ? "On" : "Off"}
              </span>
            </p>
            <Link
              href={`${base}/provisioning`}
              className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline"
            >
              {canChange ? "Get started" : "View provisioning"}
            </Link>
          </li>
        </ol>
      </section>

      <ChangePropagationCard propagation={propagation} enabled={app.provisioningEnabled} logsHref={`${base}/logs`} />

      <Card title="Properties">
        <div className="grid gap-6 md:grid-cols-2">
          {canChange ? (
            <div className="max-w-md">
              <RenameApplicationForm applicationId={app.id} name={app.name} action={renameApplicationAction} />
            </div>
          ) : null}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            {canChange ? null : (
              <>
                <dt className="text-slate-500">Name</dt>
                <dd>{app.name}</dd>
              </>
            )}
            <dt className="text-slate-500">Template</dt>
            <dd>{app.templateName}</dd>
            <dt className="text-slate-500">Object ID</dt>
            <dd className="font-mono text-xs leading-5 break-all">{app.id}</dd>
            <dt className="text-slate-500">Created</dt>
            <dd>{formatTimestamp(app.createdAt)}</dd>
            <dt className="text-slate-500">App roles</dt>
            <dd>{app.appRoles.join(", ")}</dd>
          </dl>
        </div>
        {app.description ? <p className="mt-4 text-sm text-slate-600">{app.description}</p> : null}
      </Card>

      {canChange ? (
        <Card
          title="Delete application"
          description="Removes the application from Provisio. Nothing is deleted in the target application."
        >
          <DeleteApplicationButton applicationId={app.id} name={app.name} action={deleteApplicationAction} />
        </Card>
      ) : null}
    </div>
  );
}
