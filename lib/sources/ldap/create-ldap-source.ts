import { z } from "zod";
import { prisma } from "../../db/prisma";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { assertSourceNameFree } from "../assert-source-name-free";
import { sourceNameSchema } from "../source-schemas";
import { defaultLdapSettings, ldapPresetSchema } from "./ldap-settings";

export const createLdapSourceInput = z.object({
  name: sourceNameSchema,
  preset: ldapPresetSchema.default("ActiveDirectory"),
});

/**
 * Adds an LDAP source with its preset's filters and attribute map. It reads nothing until its connection
 * (server, bind DN and password, base DN) is saved on its page.
 */
export async function createLdapSource(
  input: z.input<typeof createLdapSourceInput>,
  actor: string,
): Promise<{ id: string }> {
  const { name, preset } = createLdapSourceInput.parse(input);
  return prisma.$transaction(async (tx) => {
    await assertSourceNameFree(tx, name);
    const source = await tx.source.create({ data: { name, kind: "Ldap", attributeMap: "{}" } });
    await tx.ldapSourceConfig.create({
      data: { sourceId: source.id, settings: JSON.stringify(defaultLdapSettings(preset)), fullRequested: true },
    });
    await recordAuditEvent(tx, {
      actor,
      action: "source.created",
      details: { sourceId: source.id, name, kind: "Ldap", preset },
    });
    return { id: source.id };
  });
}
