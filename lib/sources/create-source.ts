import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertSourceNameFree } from "./assert-source-name-free";
import { defaultAttributeMap, sourceKindSchema, sourceNameSchema } from "./source-schemas";

export const createSourceInput = z.object({
  name: sourceNameSchema,
  // An LDAP source needs its preset and connection: lib/sources/ldap/create-ldap-source.ts adds it.
  kind: sourceKindSchema.refine(
    (k) => k === "ScimPush",
    "Only SCIM push sources are added here; LDAP ones by createLdapSource",
  ),
});

/** Adds a source with the default attribute map; it owns nothing until its first push. */
export async function createSource(input: z.input<typeof createSourceInput>, actor: string): Promise<{ id: string }> {
  const { name, kind } = createSourceInput.parse(input);
  return prisma.$transaction(async (tx) => {
    await assertSourceNameFree(tx, name);
    const source = await tx.source.create({
      data: { name, kind, attributeMap: JSON.stringify(defaultAttributeMap(kind)) },
    });
    await recordAuditEvent(tx, { actor, action: "source.created", details: { sourceId: source.id, name, kind } });
    return { id: source.id };
  });
}
