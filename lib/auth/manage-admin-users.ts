import { z } from "zod";
import { AppError } from "../errors";
import { prisma, type Tx } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { hashPassword, passwordSchema, verifyPassword } from "./password";
import { adminRoleSchema, parseRole, type AdminRole, type SignInMethod } from "./roles";
import { oidcConfig, roleMappingConfigured } from "./oidc-config";

export type AdminUserRow = {
  id: string;
  username: string;
  displayName: string | null;
  role: AdminRole;
  signInMethod: SignInMethod;
  createdAt: Date;
  lastSeenAt: Date | null;
};

export async function listAdminUsers(): Promise<AdminUserRow[]> {
  const users = await prisma.adminUser.findMany({
    orderBy: { username: "asc" },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      oidcSubject: true,
      createdAt: true,
      sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: "desc" }, take: 1 },
    },
  });
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: parseRole(u.role),
    signInMethod: u.oidcSubject ? "sso" : "password",
    createdAt: u.createdAt,
    lastSeenAt: u.sessions[0]?.lastSeenAt ?? null,
  }));
}

async function loadUser(tx: Tx, id: string) {
  const user = await tx.adminUser.findUnique({ where: { id } });
  if (!user) throw new AppError("admin_user.not_found", "This person no longer exists. Reload the page.");
  return user;
}

async function assertAnotherAdministratorRemains(tx: Tx, userId: string) {
  const others = await tx.adminUser.count({ where: { role: "Administrator", id: { not: userId } } });
  if (others === 0) {
    throw new AppError(
      "admin_user.last_administrator",
      "Keep at least one Administrator: make someone else an Administrator first.",
    );
  }
}

export const changeRoleSchema = z.object({ userId: z.string().min(1), role: adminRoleSchema });

/**
 * An Administrator changes someone's role. For single sign-on people whose role comes from the provider's
 * claim (role values configured) it is refused: the next sign-in would undo it.
 */
export async function changeAdminRole(
  input: z.input<typeof changeRoleSchema>,
  actor: string,
  opts: { ssoRoleMapping?: boolean } = {},
): Promise<void> {
  const v = changeRoleSchema.parse(input);
  const ssoRoleMapping =
    opts.ssoRoleMapping ??
    (() => {
      const cfg = oidcConfig();
      return cfg ? roleMappingConfigured(cfg) : false;
    })();
  await prisma.$transaction(async (tx) => {
    const user = await loadUser(tx, v.userId);
    if (user.role === v.role) return;
    if (user.oidcSubject && ssoRoleMapping) {
      throw new AppError(
        "admin_user.role_from_sso",
        `${user.username}'s role comes from the identity provider at each sign-in. Change their groups there.`,
      );
    }
    if (user.role === "Administrator") await assertAnotherAdministratorRemains(tx, user.id);
    await tx.adminUser.update({ where: { id: user.id }, data: { role: v.role } });
    await recordAuditEvent(tx, {
      actor,
      action: "admin_user.role_changed",
      details: { username: user.username, from: user.role, to: v.role },
    });
  });
}

export const deleteAdminUserSchema = z.object({ userId: z.string().min(1) });

/** Removes a person; their sessions end with them (cascade). Nobody removes themselves or the last Administrator. */
export async function deleteAdminUser(
  input: z.input<typeof deleteAdminUserSchema>,
  actor: { id: string; username: string },
): Promise<void> {
  const v = deleteAdminUserSchema.parse(input);
  if (v.userId === actor.id)
    throw new AppError("admin_user.self", "You cannot remove yourself. Ask another Administrator.");
  await prisma.$transaction(async (tx) => {
    const user = await loadUser(tx, v.userId);
    if (user.role === "Administrator") await assertAnotherAdministratorRemains(tx, user.id);
    await tx.adminUser.delete({ where: { id: user.id } });
    await recordAuditEvent(tx, {
      actor: actor.username,
      action: "admin_user.deleted",
      details: { username: user.username },
    });
  });
}

export const resetPasswordSchema = z.object({ userId: z.string().min(1), password: passwordSchema });

/** An Administrator sets a new password for someone; their sessions end. */
export async function resetAdminPassword(input: z.input<typeof resetPasswordSchema>, actor: string): Promise<void> {
  const v = resetPasswordSchema.parse(input);
  const passwordHash = await hashPassword(v.password);
  await prisma.$transaction(async (tx) => {
    const user = await loadUser(tx, v.userId);
    if (!user.passwordHash) {
      throw new AppError(
        "admin_user.sso",
        `${user.username} signs in through single sign-on and has no Provisio password.`,
      );
    }
    await tx.adminUser.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.adminSession.deleteMany({ where: { userId: user.id } });
    await recordAuditEvent(tx, { actor, action: "admin_user.password_reset", details: { username: user.username } });
  });
}

const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(512),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ.",
  });

/** Anyone signed in changes their own password; their other sessions end, the current one stays. */
export async function changeOwnPassword(input: unknown, me: { id: string; sessionId: string }): Promise<void> {
  const v = changeOwnPasswordSchema.parse(input);
  const user = await prisma.adminUser.findUnique({ where: { id: me.id } });
  if (!user) throw new AppError("admin_user.not_found", "Your account no longer exists.");
  if (!user.passwordHash)
    throw new AppError(
      "admin_user.sso",
      "You sign in through single sign-on: there is no Provisio password to change.",
    );
  if (!(await verifyPassword(user.passwordHash, v.currentPassword))) {
    throw new AppError("admin_user.wrong_password", "The current password is not correct.", {
      currentPassword: "The current password is not correct.",
    });
  }
  const passwordHash = await hashPassword(v.newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.adminUser.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.adminSession.deleteMany({ where: { userId: user.id, id: { not: me.sessionId } } });
    await recordAuditEvent(tx, {
      actor: user.username,
      action: "admin_user.password_changed",
      details: { username: user.username },
    });
  });
}
