import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadApplication } from "@/components/applications/load-application";
import { listAssignments } from "@/lib/applications/list-assignments";
import { AssignmentsManager } from "@/components/applications/assignments-manager";
import {
  assignPrincipalsAction,
  changeAssignmentRoleAction,
  removeAssignmentAction,
  searchPrincipalsAction,
} from "./actions";

export const metadata: Metadata = { title: "Users and groups" };
export const dynamic = "force-dynamic";

export default async function UsersAndGroupsPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await loadApplication(appId);
  if (!app) notFound();
  const rows = await listAssignments(app.id);
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Users and groups</h2>
        <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
          Who is assigned to {app.name}, with which app role. Assignments with the Default Access role are not
          provisioned.
        </p>
      </div>
      <AssignmentsManager
        applicationId={app.id}
        applicationName={app.name}
        rows={rows}
        roles={app.appRoles}
        defaultRole={app.defaultAppRole}
        actions={{
          search: searchPrincipalsAction,
          assign: assignPrincipalsAction,
          changeRole: changeAssignmentRoleAction,
          remove: removeAssignmentAction,
        }}
      />
    </div>
  );
}
