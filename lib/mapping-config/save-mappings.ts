import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { checkMappingRows } from "./check-mapping-rows";
import { loadJobForApplication } from "./load-job-for-application";
import { saveMappingsInput, type SaveMappingsInput } from "./mapping-config-schemas";

/**
 * Saves one object type's attribute mappings, its target object actions and (for groups) whether group
 * provisioning is on, all in one transaction. The job is marked for a full re-evaluation, so the next cycle is
 * an initial one. Anything invalid (an expression that does not parse, an unknown target, a duplicate target
 * or precedence, no matching attribute) refuses the whole save with a message per row.
 */
export async function saveMappings(input: SaveMappingsInput, actor: string): Promise<{ count: number }> {
  const parsed = saveMappingsInput.parse(input);
  const { applicationId, objectType, mappings, actions } = parsed;
  return prisma.$transaction(async (tx) => {
    const job = await loadJobForApplication(applicationId, tx);
    const attributes = await tx.targetAttribute.findMany({
      where: { jobId: job.id, objectType },
      select: { name: true },
    });
    const groupsOn = objectType === "Group" ? (parsed.groupProvisioningEnabled ?? job.groupProvisioningEnabled) : true;
    const errors = checkMappingRows({
      objectType,
      rows: mappings,
      targetAttributeNames: attributes.map((a) => a.name),
      requireMatching: groupsOn,
    });
    if (Object.keys(errors).length > 0) {
      const first = errors._form ?? Object.values(errors)[0];
      throw new AppError("mappings.invalid", `Nothing was saved. ${first}`, errors);
    }

    await tx.attributeMapping.deleteMany({ where: { jobId: job.id, objectType } });
    await tx.attributeMapping.createMany({
      data: mappings.map((m, i) => ({
        jobId: job.id,
        objectType,
        mappingType: m.mappingType,
        source: m.source,
        target: m.target,
        defaultValue: m.defaultValue ? m.defaultValue : null,
        applyOn: m.applyOn,
        matchingPrecedence: m.matchingPrecedence ?? null,
        position: i,
      })),
    });
    const prefix = objectType === "User" ? "user" : "group";
    await tx.provisioningJob.update({
      where: { id: job.id },
      data: {
        [`${prefix}Create`]: actions.create,
        [`${prefix}Update`]: actions.update,
        [`${prefix}Delete`]: actions.delete,
        ...(objectType === "Group" && parsed.groupProvisioningEnabled !== undefined
          ? { groupProvisioningEnabled: parsed.groupProvisioningEnabled }
          : {}),
        fullSyncRequired: true,
      },
    });
    await recordAuditEvent(tx, {
      actor,
      action: "mappings.updated",
      applicationId,
      details: {
        objectType,
        mappings: mappings.map((m) => ({
          type: m.mappingType,
          source: m.source,
          target: m.target,
          precedence: m.matchingPrecedence ?? null,
          applyOn: m.applyOn,
        })),
        actions,
        ...(objectType === "Group" && parsed.groupProvisioningEnabled !== undefined
          ? { groupProvisioningEnabled: parsed.groupProvisioningEnabled }
          : {}),
      },
    });
    return { count: mappings.length };
  });
}
