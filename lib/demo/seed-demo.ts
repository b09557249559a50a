import { prisma } from "../db/prisma";
import { env } from "../env";
import { seedDemoDirectory } from "../directory/seed-demo-directory";
import { seedDemoApplication } from "../applications/seed-demo-application";
import { getSandboxToken, sandboxTenantUrl } from "../sandbox/sandbox-token";

/**
 * Loads the demo on first start: a living directory and a Zscaler Two application pointed at the built-in
 * sandbox target. Runs only on an empty database, so an admin's data is never touched.
 */
export async function seedDemo(): Promise<{ seeded: boolean; summary?: string }> {
  if (env().PROVISIO_DEMO === "false") return { seeded: false };
  const [users, groups, apps] = await Promise.all([
    prisma.directoryUser.count(),
    prisma.directoryGroup.count(),
    prisma.application.count(),
  ]);
  if (users + groups + apps > 0) return { seeded: false };
  const directory = await seedDemoDirectory();
  await seedDemoApplication({ tenantUrl: sandboxTenantUrl(), secretToken: await getSandboxToken() });
  return {
    seeded: true,
    summary: `${directory.users} users, ${directory.groups} groups, and Zscaler Two pointed at the sandbox SCIM target`,
  };
}
