import { z } from "zod";
import { prisma, type Tx } from "../db/prisma";
import { bindSecretToken } from "./provisioning/bind-secret-token";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createApplicationInTx } from "./create-application";
import { assignPrincipalInTx } from "./assign-principal";
import { DEFAULT_ACCESS_ROLE } from "./is-provisioned-role";

const seedDemoApplicationInput = z.object({
  tenantUrl: z.url({ protocol: /^https?$/ }),
  secretToken: z.string().min(1),
});

const ACTOR = "demo";
const PREFERRED_GROUP_WORDS = ["zscaler", "engineering", "sales"];

async function pickGroups(tx: Tx, count: number): Promise<string[]> {
  const groups = await tx.directoryGroup.findMany({
    where: { deletedAt: null },
    orderBy: { displayName: "asc" },
    select: { id: true, displayName: true },
  });
  const preference = (name: string) => {
    const i = PREFERRED_GROUP_WORDS.findIndex((w) => name.toLowerCase().includes(w));
    return i === -1 ? PREFERRED_GROUP_WORDS.length : i;
  };
  return [...groups]
    .sort((a, b) => preference(a.displayName) - preference(b.displayName))
    .slice(0, count)
    .map((g) => g.id);
}

/** Enabled users, preferring those outside the chosen groups so that direct assignment makes a difference. */
async function pickUsers(tx: Tx, count: number, groupIds: string[]): Promise<string[]> {
  const active = { deletedAt: null, accountEnabled: true };
  const outside = await tx.directoryUser.findMany({
    where: { ...active, memberships: { none: { groupId: { in: groupIds } } } },
    orderBy: { displayName: "asc" },
    take: count,
    select: { id: true },
  });
  if (outside.length >= count) return outside.map((u) => u.id);
  const more = await tx.directoryUser.findMany({
    where: { ...active, id: { notIn: outside.map((u) => u.id) } },
    orderBy: { displayName: "asc" },
    take: count - outside.length,
    select: { id: true },
  });
  return [...outside, ...more].map((u) => u.id);
}

/**
 * The demo's Zscaler Two application: a few groups and two users assigned with "User", one user with
 * "Default Access" (to show the exclusion), Automatic mode with the given Tenant URL and token, and
 * provisioning left Off so the admin turns it On. Works with whatever the directory holds, even nothing.
 */
export async function seedDemoApplication(opts: { tenantUrl: string; secretToken: string }): Promise<{ id: string }> {
  const { tenantUrl, secretToken } = seedDemoApplicationInput.parse(opts);
  const token = bindSecretToken(secretToken, tenantUrl);
  return prisma.$transaction(
    async (tx) => {
      const { id } = await createApplicationInTx(tx, { templateId: "zscaler-two", name: "Zscaler Two" }, ACTOR);
      const groupIds = await pickGroups(tx, 3);
      const userIds = await pickUsers(tx, 3, groupIds);
      for (const groupId of groupIds) {
        await assignPrincipalInTx(
          tx,
          { applicationId: id, principalType: "Group", principalId: groupId, appRole: "User" },
          ACTOR,
        );
      }
      for (const [i, userId] of userIds.entries()) {
        const appRole = i < 2 ? "User" : DEFAULT_ACCESS_ROLE;
        await assignPrincipalInTx(
          tx,
          { applicationId: id, principalType: "User", principalId: userId, appRole },
          ACTOR,
        );
      }
      await tx.provisioningJob.update({
        where: { applicationId: id },
        // Credentials saved but not yet tested: "NotRun", like a job an admin has configured (Test Connection next).
        data: { mode: "Automatic", tenantUrl, ...token, enabled: false, status: "NotRun" },
      });
      await recordAuditEvent(tx, {
        actor: ACTOR,
        action: "credentials.updated",
        applicationId: id,
        details: { mode: "Automatic", tenantUrl, secretTokenChanged: true },
      });
      return { id };
    },
    { timeout: 30_000 },
  );
}
