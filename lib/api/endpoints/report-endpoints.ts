import { z } from "zod";
import { previewChanges } from "../../mapping-config/preview-changes";
import { previewScope } from "../../mapping-config/preview-scope";
import { listScopeObjects, listScopeObjectsInput } from "../../mapping-config/list-scope-objects";
import { getScopingConfig } from "../../mapping-config/get-scoping-config";
import { saveScopingFiltersInput } from "../../mapping-config/mapping-config-schemas";
import { loadJobForApplication } from "../../mapping-config/load-job-for-application";
import { reportDrift, reportDriftInput } from "../../sync/cycle/report-drift";
import { defineEndpoint } from "../endpoint";
import { idSchema } from "../api-schemas";

// What will change and what differs: the dry-run plan of the next cycle, the scope preview of saved or draft
// scoping filters, and the drift report. All of them send nothing that changes the target.

const appParams = z.object({ appId: idSchema.meta({ description: "The application's id." }) });
const scopeParams = appParams.extend({
  objectType: z.enum(["User", "Group"]).meta({ description: "User or Group." }),
});
const objectType = z.enum(["User", "Group"]);
const path = "/applications/{appId}/provisioning";

const changesPreviewSchema = z
  .object({
    jobId: z.string(),
    type: z.enum(["Initial", "Incremental", "OnDemand"]),
    total: z.number().int().meta({ description: "Objects the cycle would evaluate." }),
    counts: z.object({
      create: z.number().int(),
      update: z.number().int(),
      disable: z.number().int(),
      delete: z.number().int(),
      skip: z.number().int(),
      unchanged: z.number().int(),
      memberChanges: z.number().int(),
    }),
    wouldStageDeletes: z
      .boolean()
      .meta({ description: "The accidental deletion threshold would hold the disables and deletes." }),
    operations: z.array(
      z.object({
        objectType,
        sourceId: z.string(),
        identity: z.string(),
        action: z.enum(["Create", "Update", "Disable", "Delete", "Skip", "Unchanged", "Forget"]),
        reason: z.string().optional(),
        changes: z.array(z.object({ name: z.string(), oldValue: z.unknown(), newValue: z.unknown() })),
      }),
    ),
    truncated: z.boolean().meta({ description: "operations holds at most `limit` entries; the counts are complete." }),
    generatedAt: z.iso.datetime({ offset: true }),
    provisioningEnabled: z.boolean(),
  })
  .meta({ id: "ChangesPreview", description: "What will change: the next cycle's operations, from a dry-run plan." });

const sampleItem = { id: z.string(), name: z.string(), detail: z.string() };
const scopePreviewSchema = z
  .object({
    inScope: z.number().int(),
    total: z.number().int(),
    basis: z.enum(["AssignedOnly", "All"]).meta({
      description: "AssignedOnly: the total counts assigned objects (Default Access excluded); All: the directory.",
    }),
    inScopeSample: z.array(z.object(sampleItem)),
    outOfScopeSample: z.array(z.object({ ...sampleItem, reason: z.string() })),
    failed: z.number().int().meta({ description: "Objects whose scope cannot be told (a cycle fails them)." }),
    failedSample: z.array(z.object({ ...sampleItem, reason: z.string() })),
  })
  .meta({ id: "ScopePreview", description: "N of M in scope, with a sample on each side." });

const scopeObjectPageSchema = z
  .object({
    outcome: z.enum(["InScope", "OutOfScope", "Failed"]),
    search: z.string(),
    matching: z.number().int().meta({ description: "Objects of this outcome that match the search." }),
    offset: z.number().int(),
    limit: z.number().int(),
    items: z.array(z.object({ ...sampleItem, reason: z.string().optional() })),
  })
  .meta({ id: "ScopeObjectPage" });

const driftSchema = z
  .object({
    jobId: z.string(),
    applicationName: z.string(),
    readAt: z.iso.datetime({ offset: true }),
    durationMs: z.number().int(),
    requests: z.number().int().meta({ description: "Requests sent to the target: reads (GET) only." }),
    compared: z.object({ users: z.number().int(), groups: z.number().int() }),
    differing: z.number().int().meta({ description: "Linked objects that differ at the target." }),
    counts: z.object({
      attributes: z.number().int(),
      missingAtTarget: z.number().int(),
      members: z.number().int(),
      unreadable: z.number().int(),
    }),
    differences: z.array(
      z.object({
        objectType,
        sourceId: z.string(),
        identity: z.string(),
        targetId: z.string().nullable(),
        missingAtTarget: z.boolean(),
        attributes: z.array(z.object({ name: z.string(), ours: z.unknown(), theirs: z.unknown() })),
        members: z
          .object({
            missing: z.array(z.string()),
            extra: z.array(z.string()),
            missingCount: z.number().int(),
            extraCount: z.number().int(),
          })
          .nullable(),
      }),
    ),
    differencesTruncated: z.boolean(),
    orphans: z
      .object({
        users: z.number().int(),
        groups: z.number().int(),
        accounts: z.array(
          z.object({
            objectType,
            targetId: z.string(),
            identity: z.string().nullable(),
            active: z.boolean().nullable(),
          }),
        ),
        truncated: z.boolean(),
      })
      .meta({ description: "Accounts at the target that no directory object is linked to (unlinked accounts)." }),
    listingComplete: z
      .boolean()
      .meta({ description: "Every page of the target was read; when false, orphans may be incomplete." }),
  })
  .meta({ id: "DriftReport" });

const draftFilters = saveScopingFiltersInput.pick({ filters: true });
const objectsQuery = listScopeObjectsInput.pick({ outcome: true, search: true, offset: true, limit: true });

async function savedFilters(appId: string, type: "User" | "Group") {
  return (await getScopingConfig(appId, type)).filters;
}

export const reportEndpoints = [
  defineEndpoint({
    operationId: "previewChanges",
    method: "get",
    path: `${path}/preview`,
    tag: "What will change",
    summary: "What will change: the next cycle, planned without sending anything",
    description:
      "The engine's dry-run plan of the next cycle (initial or incremental) from the saved configuration and the " +
      "connector data store: every create, update, disable and delete with its attribute changes. No request is " +
      "sent to the target.",
    access: "read",
    params: appParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    success: { status: 200, description: "The plan.", schema: changesPreviewSchema },
    problems: [404],
    handle: ({ params, query }) => previewChanges({ applicationId: params.appId, limit: query.limit }),
  }),
  defineEndpoint({
    operationId: "previewScope",
    method: "get",
    path: `${path}/scoping/{objectType}/preview`,
    tag: "What will change",
    summary: "Scope preview of the saved scoping filters",
    description: "How many of the users or groups the job considers are in scope, with samples and the failing clause.",
    access: "read",
    params: scopeParams,
    success: { status: 200, description: "The preview.", schema: scopePreviewSchema },
    problems: [404],
    handle: async ({ params: p }) =>
      previewScope({
        applicationId: p.appId,
        objectType: p.objectType,
        filters: await savedFilters(p.appId, p.objectType),
      }),
  }),
  defineEndpoint({
    operationId: "previewDraftScope",
    method: "post",
    path: `${path}/scoping/{objectType}/preview`,
    tag: "What will change",
    summary: "Scope preview of scoping filters not saved yet",
    description: "The scoping editor's live preview: the filters in the body are evaluated, and nothing is saved.",
    access: "write",
    params: scopeParams,
    body: draftFilters,
    success: { status: 200, description: "The preview.", schema: scopePreviewSchema },
    problems: [404],
    handle: ({ params: p, body }) =>
      previewScope({ applicationId: p.appId, objectType: p.objectType, filters: body.filters }),
  }),
  defineEndpoint({
    operationId: "listScopeObjects",
    method: "get",
    path: `${path}/scoping/{objectType}/preview/objects`,
    tag: "What will change",
    summary: "The objects on one side of the saved filters' scope preview",
    description: "In scope, out of scope (with the failing clause) or not evaluable; searchable, paged by offset.",
    access: "read",
    params: scopeParams,
    query: objectsQuery,
    success: { status: 200, description: "One page.", schema: scopeObjectPageSchema },
    problems: [404],
    handle: async ({ params: p, query }) =>
      listScopeObjects({
        applicationId: p.appId,
        objectType: p.objectType,
        filters: await savedFilters(p.appId, p.objectType),
        ...query,
      }),
  }),
  defineEndpoint({
    operationId: "listDraftScopeObjects",
    method: "post",
    path: `${path}/scoping/{objectType}/preview/objects`,
    tag: "What will change",
    summary: "The objects on one side of a draft scope preview",
    description: "As the GET, for the filters in the body; nothing is saved.",
    access: "write",
    params: scopeParams,
    body: draftFilters.extend(objectsQuery.shape),
    success: { status: 200, description: "One page.", schema: scopeObjectPageSchema },
    problems: [404],
    handle: ({ params: p, body }) => listScopeObjects({ applicationId: p.appId, objectType: p.objectType, ...body }),
  }),
  defineEndpoint({
    operationId: "reportDrift",
    method: "get",
    path: `${path}/drift`,
    tag: "What will change",
    summary: "The drift report: what differs at the target, and unlinked accounts",
    description:
      "The comparison a Restart makes, read-only: the target is listed (GET only), every linked object compared " +
      "with what Provisio would provision (attributes, objects gone from the target, group members), and the " +
      "target's accounts no directory object is linked to are listed. A refused token quarantines a running job.",
    access: "read",
    params: appParams,
    query: reportDriftInput.pick({ limit: true }),
    success: { status: 200, description: "The report.", schema: driftSchema },
    problems: [404, 409, 502],
    handle: async ({ params, query }) => {
      const job = await loadJobForApplication(params.appId);
      return reportDrift({ jobId: job.id, limit: query.limit });
    },
  }),
];
