import { z } from "zod";
import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findTemplate } from "../templates/gallery";
import { loadJobForApplication } from "./load-job-for-application";
import { mappingObjectTypeSchema } from "./mapping-config-schemas";

export const restoreDefaultMappingsInput = z.object({
  applicationId: z.string().min(1),
  objectType: mappingObjectTypeSchema,
});

/**
 * "Restore default mappings": replaces one object type's mappings with the gallery template's, and adds back
 * any template attribute missing from the target's attribute list (attributes the admin added stay). The next
 * cycle is an initial one.
 */
export async function restoreDefaultMappings(
  input: z.input<typeof restoreDefaultMappingsInput>,
  actor: string,
): Promise<{ count: number }> {
  const { applicationId, objectType } = restoreDefaultMappingsInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const job = await loadJobForApplication(applicationId, tx);
    const template = findTemplate(job.application.templateId);
    const defaults = objectType === "User" ? template.userMappings : template.groupMappings;
    const existing = new Set(
      (await tx.targetAttribute.findMany({ where: { jobId: job.id, objectType }, select: { name: true } })).map(
        (a) => a.name,
      ),
    );
    const missing = template.targetSchema[objectType].filter((a) => !existing.has(a.name));
    if (missing.length > 0)
      await tx.targetAttribute.createMany({ data: missing.map((a) => ({ jobId: job.id, objectType, ...a })) });
    await tx.attributeMapping.deleteMany({ where: { jobId: job.id, objectType } });
    await tx.attributeMapping.createMany({
      data: defaults.map((m, i) => ({
        jobId: job.id,
        objectType,
        mappingType: m.mappingType,
        source: m.source,
        target: m.target,
        defaultValue: m.defaultValue ?? null,
        applyOn: m.applyOn,
        matchingPrecedence: m.matchingPrecedence ?? null,
        position: i,
      })),
    });
    await tx.provisioningJob.update({ where: { id: job.id }, data: { fullSyncRequired: true } });
    await recordAuditEvent(tx, {
      actor,
      action: "mappings.restored",
      applicationId,
      details: {
        objectType,
        templateId: template.id,
        count: defaults.length,
        attributesAdded: missing.map((a) => a.name),
      },
    });
    return { count: defaults.length };
  });
}
