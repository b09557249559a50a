import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors";
import { loadJobForApplication } from "./load-job-for-application";
import { saveTargetAttributesInput, type SaveTargetAttributesInput } from "./mapping-config-schemas";

/**
 * "Edit attribute list": replaces the target's attribute list of one object type. Names are unique (ignoring
 * letter case, as SCIM attribute names are), and an attribute a mapping sends to cannot be removed.
 * All or nothing.
 */
export async function saveTargetAttributes(
  input: SaveTargetAttributesInput,
  actor: string,
): Promise<{ count: number }> {
  const { applicationId, objectType, attributes } = saveTargetAttributesInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const job = await loadJobForApplication(applicationId, tx);
    const errors: Record<string, string> = {};
    const seen = new Map<string, number>();
    attributes.forEach((a, i) => {
      const key = a.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) errors[`attributes.${i}.name`] = `${a.name} is already in the list (row ${first + 1}).`;
      else seen.set(key, i);
    });
    const used = await tx.attributeMapping.findMany({ where: { jobId: job.id, objectType }, select: { target: true } });
    const kept = new Set(attributes.map((a) => a.name));
    const removedButUsed = [...new Set(used.map((m) => m.target))].filter((t) => !kept.has(t));
    if (removedButUsed.length > 0) {
      errors._form = `${removedButUsed.join(", ")} ${removedButUsed.length === 1 ? "is" : "are"} used by a mapping and cannot be removed. Delete the mapping first.`;
    }
    if (Object.keys(errors).length > 0) {
      throw new AppError(
        "attributes.invalid",
        `Nothing was saved. ${errors._form ?? Object.values(errors)[0]}`,
        errors,
      );
    }
    const before = await tx.targetAttribute.findMany({ where: { jobId: job.id, objectType }, select: { name: true } });
    await tx.targetAttribute.deleteMany({ where: { jobId: job.id, objectType } });
    await tx.targetAttribute.createMany({ data: attributes.map((a) => ({ jobId: job.id, objectType, ...a })) });
    const beforeNames = new Set(before.map((a) => a.name));
    await recordAuditEvent(tx, {
      actor,
      action: "targetAttributes.updated",
      applicationId,
      details: {
        objectType,
        added: attributes.filter((a) => !beforeNames.has(a.name)).map((a) => a.name),
        removed: before.filter((a) => !kept.has(a.name)).map((a) => a.name),
        count: attributes.length,
      },
    });
    return { count: attributes.length };
  });
}
