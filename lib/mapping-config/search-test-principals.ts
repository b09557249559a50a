import { z } from "zod";
import { prisma } from "../db/prisma";
import { mappingObjectTypeSchema } from "./mapping-config-schemas";

export const searchTestPrincipalsInput = z.object({
  objectType: mappingObjectTypeSchema,
  query: z.string().trim().max(200).default(""),
  limit: z.number().int().min(1).max(25).default(8),
});

export type TestPrincipal = { id: string; name: string; detail: string };

/** Directory users (by name, UPN or mail nickname) or groups (by name) to test an expression on. */
export async function searchTestPrincipals(input: z.input<typeof searchTestPrincipalsInput>): Promise<TestPrincipal[]> {
  const { objectType, query, limit } = searchTestPrincipalsInput.parse(input);
  if (objectType === "User") {
    const rows = await prisma.directoryUser.findMany({
      where: query
        ? {
            OR: [
              { displayName: { contains: query } },
              { userPrincipalName: { contains: query } },
              { mailNickname: { contains: query } },
            ],
          }
        : {},
      orderBy: { displayName: "asc" },
      take: limit,
      select: { id: true, displayName: true, userPrincipalName: true },
    });
    return rows.map((r) => ({ id: r.id, name: r.displayName, detail: r.userPrincipalName }));
  }
  const rows = await prisma.directoryGroup.findMany({
    where: query ? { displayName: { contains: query } } : {},
    orderBy: { displayName: "asc" },
    take: limit,
    select: { id: true, displayName: true, description: true },
  });
  return rows.map((r) => ({ id: r.id, name: r.displayName, detail: r.description ?? "Group" }));
}
