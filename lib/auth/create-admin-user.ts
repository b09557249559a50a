import { AppError } from "../errors";
import { prisma, type Tx } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { newAdminUserSchema, type NewAdminUserInput } from "./admin-user-schemas";
import { hashPassword } from "./password";

export type CreatedAdminUser = { id: string; username: string; role: string };

async function insert(tx: Tx, v: ReturnType<typeof newAdminUserSchema.parse>, passwordHash: string, actor: string) {
  const taken = await tx.adminUser.findUnique({ where: { username: v.username }, select: { id: true } });
  if (taken)
    throw new AppError("admin_user.exists", `The username "${v.username}" is already taken.`, {
      username: "This username is already taken.",
    });
  const user = await tx.adminUser.create({
    data: { username: v.username, displayName: v.displayName, passwordHash, role: v.role },
    select: { id: true, username: true, role: true },
  });
  await recordAuditEvent(tx, {
    actor,
    action: "admin_user.created",
    details: { username: user.username, role: user.role },
  });
  return user;
}

/** An Administrator adds a person who may sign in. */
export async function createAdminUser(input: NewAdminUserInput, actor: string): Promise<CreatedAdminUser> {
  const v = newAdminUserSchema.parse(input);
  const passwordHash = await hashPassword(v.password);
  return prisma.$transaction((tx) => insert(tx, v, passwordHash, actor));
}

/**
 * First start: creates the first Administrator, only while nobody can sign in yet. Returns null when an
 * admin already exists (the set-up screen then no longer exists).
 */
export async function setUpFirstAdmin(
  input: Omit<NewAdminUserInput, "role">,
  actor: string,
): Promise<CreatedAdminUser | null> {
  const v = newAdminUserSchema.parse({ ...input, role: "Administrator" });
  const passwordHash = await hashPassword(v.password);
  return prisma.$transaction(async (tx) => {
    if ((await tx.adminUser.count()) > 0) return null;
    return insert(tx, v, passwordHash, actor);
  });
}

export async function hasAnyAdminUser(): Promise<boolean> {
  return (await prisma.adminUser.count()) > 0;
}
