import { prisma } from "../db/prisma";
import { recordAuditEvent } from "../audit/record-audit-event";
import { loadJobForApplication } from "./load-job-for-application";
import { isScopingOperator, SCOPING_OPERATOR_INFO } from "../scoping/scoping-operators";
import { saveScopingFiltersInput, type SaveScopingFiltersInput } from "./mapping-config-schemas";

/**
 * Saves one object type's scoping filters (ORed; each filter's clauses ANDed), replacing the old ones in one
 * transaction. An invalid regular expression or a non-integer value for an integer operator refuses the whole
 * save with the reason on that clause. The next cycle is an initial one.
 */
export async function saveScopingFilters(
  input: SaveScopingFiltersInput,
  actor: string,
): Promise<{ filters: number; clauses: number }> {
  const { applicationId, objectType, filters } = saveScopingFiltersInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const job = await loadJobForApplication(applicationId, tx);
    await tx.scopingFilter.deleteMany({ where: { jobId: job.id, objectType } });
    let clauses = 0;
    for (let f = 0; f < filters.length; f++) {
      const filter = filters[f];
      await tx.scopingFilter.create({
        data: {
          jobId: job.id,
          objectType,
          name: filter.title?.trim() || `Scoping filter ${f + 1}`,
          position: f,
          clauses: {
            create: filter.clauses.map((c, i) => ({
              attribute: c.attribute,
              operator: c.operator,
              // Unary operators (IS TRUE, IS NULL, ...) keep no value, even one left over from another operator.
              value:
                !takesValue(c.operator) || c.value === undefined || c.value === null || c.value === "" ? null : c.value,
              position: i,
            })),
          },
        },
      });
      clauses += filter.clauses.length;
    }
    await tx.provisioningJob.update({ where: { id: job.id }, data: { fullSyncRequired: true } });
    await recordAuditEvent(tx, {
      actor,
      action: "scopingFilters.updated",
      applicationId,
      details: {
        objectType,
        filters: filters.map((f) => f.clauses.map((c) => [c.attribute, c.operator, c.value ?? null])),
      },
    });
    return { filters: filters.length, clauses };
  });
}

function takesValue(operator: string): boolean {
  return isScopingOperator(operator) && SCOPING_OPERATOR_INFO[operator].takesValue;
}
