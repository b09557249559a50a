"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/app/_lib/run-action";
import { createAdminUser } from "@/lib/auth/create-admin-user";
import { changeAdminRole, deleteAdminUser, resetAdminPassword } from "@/lib/auth/manage-admin-users";
import { requireAdmin } from "@/app/_lib/require-admin";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/auth/api-tokens/revoke-api-token";

const text = (fd: FormData, name: string) => {
  const v = fd.get(name);
  return typeof v === "string" ? v : undefined;
};

export async function createAdminUserAction(fd: FormData): Promise<ActionResult<{ username: string }>> {
  return runAction(async () => {
    const me = await requireAdmin();
    const user = await createAdminUser(
      {
        username: text(fd, "username") ?? "",
        displayName: text(fd, "displayName"),
        password: text(fd, "password") ?? "",
        role: (text(fd, "role") ?? "") as "Reader",
      },
      me.username,
    );
    revalidatePath("/admin/users");
    return { username: user.username };
  });
}

export async function changeAdminRoleAction(userId: string, role: string): Promise<ActionResult> {
  return runAction(async () => {
    const me = await requireAdmin();
    await changeAdminRole({ userId, role: role as "Reader" }, me.username);
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function resetAdminPasswordAction(userId: string, fd: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const me = await requireAdmin();
    await resetAdminPassword({ userId, password: text(fd, "password") ?? "" }, me.username);
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function deleteAdminUserAction(userId: string): Promise<ActionResult> {
  return runAction(async () => {
    const me = await requireAdmin();
    await deleteAdminUser({ userId }, me);
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function createApiTokenAction(
  fd: FormData,
): Promise<ActionResult<{ name: string; token: string; expiresAt: string | null }>> {
  return runAction(async () => {
    const me = await requireAdmin();
    const expiry = text(fd, "expiresInDays") ?? "";
    const created = await createApiToken(
      {
        name: text(fd, "name") ?? "",
        role: (text(fd, "role") ?? "") as "Reader",
        expiresInDays: expiry === "" ? null : expiry,
      },
      me,
    );
    revalidatePath("/admin/users");
    return { name: created.name, token: created.token, expiresAt: created.expiresAt?.toISOString() ?? null };
  });
}

export async function revokeApiTokenAction(tokenId: string): Promise<ActionResult> {
  return runAction(async () => {
    const me = await requireAdmin();
    await revokeApiToken({ tokenId }, me.username);
    revalidatePath("/admin/users");
    return undefined;
  });
}
