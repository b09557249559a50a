import { prisma } from "../../db/prisma";
import { createApplication } from "../../applications/create-application";
import { assignPrincipal } from "../../applications/assign-principal";
import { createUser } from "../../directory/create-user";
import { createGroup } from "../../directory/create-group";
import { addGroupMembers } from "../../directory/add-group-members";
import { bindSecretToken } from "../../applications/provisioning/bind-secret-token";

/** Test fixtures for the engine: directory objects through the directory's own operations (so the change
 * sequence is written as in the app) and an application whose job points at a SCIM target. */

let counter = 0;
function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function makeApp(opts: {
  url: string;
  token: string;
  templateId?: string;
  job?: Record<string, unknown>;
}) {
  const app = await createApplication({ templateId: opts.templateId ?? "scim-2", name: uniqueName("App ") }, "test");
  const job = await prisma.provisioningJob.update({
    where: { applicationId: app.id },
    data: {
      tenantUrl: opts.url,
      ...bindSecretToken(opts.token, opts.url),
      status: "NotRun",
      enabled: true,
      rateLimitPerSecond: 0,
      ...opts.job,
    },
  });
  return { appId: app.id, jobId: job.id };
}

export async function makeUser(first: string, last: string, extra: Record<string, unknown> = {}) {
  const nick = `${first}.${last}`.toLowerCase();
  const { id } = await createUser(
    {
      userPrincipalName: `${nick}@contoso.test`,
      displayName: `${first} ${last}`,
      givenName: first,
      surname: last,
      department: "Sales",
      ...extra,
    },
    "test",
  );
  return { id, upn: `${nick}@contoso.test` };
}

export async function makeGroup(name: string, memberIds: string[] = []) {
  const { id } = await createGroup({ displayName: name }, "test");
  if (memberIds.length > 0) await addGroupMembers({ groupId: id, userIds: memberIds }, "test");
  return { id };
}

export async function assign(
  applicationId: string,
  principalType: "User" | "Group",
  principalId: string,
  appRole = "User",
) {
  return assignPrincipal({ applicationId, principalType, principalId, appRole }, "test");
}

export async function logsOf(jobId: string, cycleId?: string) {
  const rows = await prisma.provisioningLogEntry.findMany({
    where: { jobId, ...(cycleId ? { cycleId } : {}) },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    ...r,
    steps: JSON.parse(r.steps),
    modifiedProperties: r.modifiedProperties ? JSON.parse(r.modifiedProperties) : null,
  }));
}
