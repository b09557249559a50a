import { prisma } from "../db/prisma";
import { templateSummary } from "./list-applications";
import { appRolesFor } from "./resolve-app-role";
import { isProvisionedRole } from "./is-provisioned-role";

export type ApplicationDetail = {
  id: string;
  name: string;
  description: string | null;
  templateId: string;
  templateName: string;
  logo: { text: string; color: string };
  appRoles: string[];
  defaultAppRole: string;
  createdAt: Date;
  provisioningStatus: string;
  provisioningEnabled: boolean;
  provisioningMode: string;
  assignments: { users: number; groups: number; excluded: number };
};

/** One application with what its header and overview show, or null when there is no such application. */
export async function getApplication(id: string): Promise<ApplicationDetail | null> {
  const app = await prisma.application.findUnique({
    where: { id },
    include: {
      job: { select: { status: true, enabled: true, mode: true } },
      assignments: { select: { principalType: true, appRole: true } },
    },
  });
  if (!app) return null;
  const t = templateSummary(app.templateId);
  const roles = appRolesFor(app.templateId);
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    templateId: app.templateId,
    templateName: t.name,
    logo: t.logo,
    appRoles: roles.roles,
    defaultAppRole: roles.defaultRole,
    createdAt: app.createdAt,
    provisioningStatus: app.job?.status ?? "NotConfigured",
    provisioningEnabled: app.job?.enabled ?? false,
    provisioningMode: app.job?.mode ?? "Manual",
    assignments: {
      users: app.assignments.filter((a) => a.principalType === "User").length,
      groups: app.assignments.filter((a) => a.principalType === "Group").length,
      excluded: app.assignments.filter((a) => !isProvisionedRole(a.appRole)).length,
    },
  };
}
