import { z } from "zod";
import { prisma, type Tx } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findTemplate } from "../templates/gallery";

export const createApplicationInput = z.object({
  templateId: z.string().min(1),
  name: z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters"),
});

/**
 * Adds an application from a gallery template: the application, its provisioning job (NotConfigured), the
 * template's default attribute mappings and target attribute list, all in one transaction.
 */
export async function createApplication(
  input: z.input<typeof createApplicationInput>,
  actor: string,
): Promise<{ id: string }> {
  const parsed = createApplicationInput.parse(input);
  return prisma.$transaction((tx) => createApplicationInTx(tx, parsed, actor));
}

/** The same inside a caller's transaction (demo seeding creates the app and its assignments together). */
export async function createApplicationInTx(
  tx: Tx,
  input: z.output<typeof createApplicationInput>,
  actor: string,
): Promise<{ id: string }> {
  const { templateId, name } = input;
  const template = findTemplate(templateId);
  const app = await tx.application.create({ data: { name, templateId, description: template.description } });
  const job = await tx.provisioningJob.create({ data: { applicationId: app.id } });
  const mappings = [
    ...template.userMappings.map((m, i) => ({ ...m, objectType: "User", position: i })),
    ...template.groupMappings.map((m, i) => ({ ...m, objectType: "Group", position: i })),
  ];
  await tx.attributeMapping.createMany({
    data: mappings.map((m) => ({
      jobId: job.id,
      objectType: m.objectType,
      mappingType: m.mappingType,
      source: m.source,
      target: m.target,
      defaultValue: m.defaultValue ?? null,
      applyOn: m.applyOn,
      matchingPrecedence: m.matchingPrecedence ?? null,
      position: m.position,
    })),
  });
  const attributes = [
    ...template.targetSchema.User.map((a) => ({ ...a, objectType: "User" })),
    ...template.targetSchema.Group.map((a) => ({ ...a, objectType: "Group" })),
  ];
  await tx.targetAttribute.createMany({ data: attributes.map((a) => ({ jobId: job.id, ...a })) });
  await recordAuditEvent(tx, {
    actor,
    action: "application.created",
    applicationId: app.id,
    details: { templateId, name },
  });
  return { id: app.id };
}
