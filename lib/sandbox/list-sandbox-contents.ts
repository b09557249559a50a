import { z } from "zod";
import { prisma } from "../db/prisma";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const sandboxListInput = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(25),
  /** Part of a userName, any letter case (users only). */
  q: z.string().trim().max(256).optional().catch(undefined),
});

export type SandboxUserRow = {
  id: string;
  userName: string;
  displayName: string | null;
  active: boolean | null;
  externalId: string | null;
  department: string | null;
  createdAt: Date;
};

export type SandboxGroupRow = {
  id: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
  createdAt: Date;
};

export type SandboxPage<T> = { rows: T[]; total: number; page: number; pageSize: number; pageCount: number };

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/** The users the built-in sandbox holds, newest first, one page at a time (for the sandbox page). */
export async function listSandboxUsers(input: {
  page?: unknown;
  pageSize?: unknown;
  q?: unknown;
}): Promise<SandboxPage<SandboxUserRow>> {
  const { page, pageSize, q } = sandboxListInput.parse(input);
  const where = q ? { userNameKey: { contains: q.toLowerCase() } } : {};
  const total = await prisma.sandboxUser.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  const rows = await prisma.sandboxUser.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
  });
  return {
    total,
    page: current,
    pageSize,
    pageCount,
    rows: rows.map((row) => {
      const r = JSON.parse(row.resource) as Record<string, unknown>;
      const enterprise = (r[ENTERPRISE] ?? {}) as Record<string, unknown>;
      return {
        id: row.id,
        userName: String(r.userName ?? ""),
        displayName: str(r.displayName),
        active: typeof r.active === "boolean" ? r.active : null,
        externalId: str(r.externalId),
        department: str(enterprise.department),
        createdAt: row.createdAt,
      };
    }),
  };
}

/** The groups the built-in sandbox holds, newest first, with their member counts. */
export async function listSandboxGroups(input: {
  page?: unknown;
  pageSize?: unknown;
}): Promise<SandboxPage<SandboxGroupRow>> {
  const { page, pageSize } = sandboxListInput.parse(input);
  const total = await prisma.sandboxGroup.count();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  const rows = await prisma.sandboxGroup.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
    select: { id: true, displayName: true, externalId: true, memberCount: true, createdAt: true },
  });
  return { total, page: current, pageSize, pageCount, rows };
}
