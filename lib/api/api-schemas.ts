import { z } from "zod";
import {
  jobStatusSchema,
  provisioningModeSchema,
  provisioningScopeSchema,
} from "../applications/provisioning/provisioning-schemas";
import { principalTypeSchema } from "../applications/principal-type";
import { LOG_ACTIONS, LOG_STATUSES } from "../logs/log-filters";
import { ldapSettingsSchema } from "../sources/ldap/ldap-settings";

// What the REST API answers, as zod schemas for the OpenAPI document. The walk test (e2e/api.spec.ts)
// checks every answer against these, so they cannot drift from what the lib/ views return.

const isoDate = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 date and time (UTC)" });
const nullable = <T extends z.ZodType>(s: T) => s.nullable();

export const idSchema = z.string().min(1).max(100);

export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    publisher: z.string(),
    description: z.string(),
    appRoles: z.array(z.string()),
    defaultAppRole: z.string(),
    supportsGroups: z.boolean(),
  })
  .meta({ id: "Template", description: "A gallery template an application is added from." });

const logoSchema = z.object({ text: z.string(), color: z.string() });

export const applicationListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    templateId: z.string(),
    templateName: z.string(),
    logo: logoSchema,
    createdAt: isoDate,
    provisioningStatus: jobStatusSchema,
    assignedCount: z.number().int(),
  })
  .meta({ id: "ApplicationListItem" });

export const applicationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: nullable(z.string()),
    templateId: z.string(),
    templateName: z.string(),
    logo: logoSchema,
    appRoles: z.array(z.string()),
    defaultAppRole: z.string(),
    createdAt: isoDate,
    provisioningStatus: jobStatusSchema,
    provisioningEnabled: z.boolean(),
    provisioningMode: provisioningModeSchema,
    assignments: z.object({ users: z.number().int(), groups: z.number().int(), excluded: z.number().int() }),
  })
  .meta({ id: "Application" });

export const createdSchema = z.object({ id: z.string() }).meta({ id: "Created" });
export const changedSchema = z.object({ changed: z.boolean() }).meta({ id: "Changed" });

export const assignmentSchema = z
  .object({
    id: z.string(),
    principalType: principalTypeSchema,
    principalId: z.string(),
    displayName: z.string(),
    detail: nullable(z.string()),
    memberCount: nullable(z.number().int()),
    appRole: z.string(),
    provisioned: z.boolean(),
    exclusionReason: nullable(z.string()),
    principalState: z.enum(["Active", "Disabled", "SoftDeleted", "HardDeleted"]),
    createdAt: isoDate,
  })
  .meta({ id: "Assignment" });

const mappingRowSchema = z.object({
  id: z.string(),
  mappingType: z.string(),
  source: z.string(),
  target: z.string(),
  defaultValue: nullable(z.string()),
  applyOn: z.string(),
  matchingPrecedence: nullable(z.number().int()),
});

export const provisioningConfigSchema = z
  .object({
    applicationId: z.string(),
    applicationName: z.string(),
    template: z.object({
      id: z.string(),
      name: z.string(),
      tenantUrlHint: z.string(),
      secretTokenHint: z.string(),
      credentialsHelp: z.string(),
      supportsGroups: z.boolean(),
    }),
    mode: provisioningModeSchema,
    tenantUrl: z.string(),
    hasSecretToken: z.boolean().meta({ description: "The Secret Token is write-only: only whether one is saved." }),
    secretTokenUnreadable: z.boolean(),
    credentialsTest: z.object({
      testedAt: nullable(isoDate),
      ok: z.boolean(),
      message: nullable(z.string()),
      passedForSavedCredentials: z.boolean(),
    }),
    notificationEmail: z.string(),
    sendOnFailure: z.boolean(),
    scope: provisioningScopeSchema,
    preventAccidentalDeletion: z.boolean(),
    deletionThreshold: z.number().int(),
    skipOutOfScopeDeletions: z.boolean(),
    groupProvisioningEnabled: z.boolean(),
    enabled: z.boolean(),
    status: jobStatusSchema,
    mappings: z.object({ User: z.array(mappingRowSchema), Group: z.array(mappingRowSchema) }),
    assignments: z.object({ provisionable: z.number().int(), total: z.number().int() }),
    checklist: z.object({
      items: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          state: z.enum(["done", "missing", "optional"]),
          optional: z.boolean(),
          detail: z.string(),
          href: z.string(),
        }),
      ),
      done: z.number().int(),
      required: z.number().int(),
      complete: z.boolean(),
    }),
    updatedAt: isoDate,
  })
  .meta({ id: "ProvisioningConfiguration" });

export const connectionTestSchema = z
  .object({
    ok: z.boolean(),
    kind: nullable(z.string()).meta({
      description: "The kind of failure: Dns, Refused, Tls, Timeout, Unauthorized, …",
    }),
    title: z.string(),
    message: z.string(),
    status: nullable(z.number().int()),
    snippet: nullable(z.string()),
    testedAt: isoDate,
    matchesSavedCredentials: z.boolean(),
  })
  .meta({ id: "ConnectionTest" });

const countsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  disabled: z.number().int(),
  deleted: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  staged: z.number().int(),
});

export const progressSchema = z
  .object({
    jobId: z.string(),
    statistics: z.object({
      users: z.number().int(),
      disabledUsers: z.number().int(),
      groups: z.number().int(),
      failing: z.number().int(),
    }),
    status: jobStatusSchema,
    enabled: z.boolean(),
    nextRunAt: nullable(isoDate),
    quarantine: nullable(z.object({ reason: z.string(), since: nullable(isoDate), nextRetryAt: nullable(isoDate) })),
    allowDeletesOnce: z.boolean(),
    current: nullable(
      z.object({
        cycleId: z.string(),
        type: z.string(),
        startedAt: isoDate,
        total: z.number().int(),
        processed: z.number().int(),
        percent: z.number().int(),
        counts: countsSchema,
        requests: z.number().int(),
      }),
    ),
    last: nullable(
      z.object({
        cycleId: z.string(),
        type: z.string(),
        status: z.string(),
        startedAt: isoDate,
        endedAt: nullable(isoDate),
        durationMs: nullable(z.number().int()),
        total: z.number().int(),
        processed: z.number().int(),
        counts: countsSchema,
        requests: z.number().int(),
        error: nullable(z.string()),
      }),
    ),
  })
  .meta({ id: "ProvisioningProgress", description: "The running cycle (if any), the last one, statistics." });

const cycleSchema = z
  .object({
    id: z.string(),
    type: z.enum(["Initial", "Incremental", "OnDemand"]),
    status: z.string(),
    startedAt: isoDate,
    endedAt: nullable(isoDate),
    durationMs: nullable(z.number().int()),
    total: z.number().int(),
    processed: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    disabled: z.number().int(),
    deleted: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    staged: z.number().int(),
    requests: z.number().int(),
    error: nullable(z.string()),
  })
  .meta({ id: "Cycle" });

export const cyclePageSchema = z
  .object({
    cycles: z.array(cycleSchema),
    nextBefore: nullable(isoDate).meta({ description: "Pass as `before` for the next (older) page; null at the end." }),
  })
  .meta({ id: "CyclePage" });

const logEntrySummaryShape = {
  id: z.number().int(),
  at: isoDate,
  jobId: z.string(),
  applicationId: nullable(z.string()),
  applicationName: nullable(z.string()),
  cycleId: nullable(z.string()),
  objectType: z.enum(["User", "Group"]),
  identity: nullable(z.string()),
  displayName: nullable(z.string()),
  sourceId: nullable(z.string()),
  targetId: nullable(z.string()),
  action: z.enum(LOG_ACTIONS),
  status: z.enum(LOG_STATUSES),
  errorCode: nullable(z.string()),
  durationMs: nullable(z.number().int()),
};

export const logPageSchema = z
  .object({
    entries: z.array(z.object(logEntrySummaryShape).meta({ id: "LogEntrySummary" })),
    nextCursor: nullable(z.string()).meta({
      description: "Pass as `cursor` for the next (older) page; null at the end.",
    }),
    latestId: z.number().int(),
  })
  .meta({ id: "LogPage" });

export const logEntrySchema = z
  .object({
    ...logEntrySummaryShape,
    errorDetail: nullable(z.string()),
    steps: z.array(z.object({ step: z.string(), status: z.string(), detail: z.string() })),
    modifiedProperties: z.array(
      z.object({ name: z.string(), oldValue: nullable(z.string()), newValue: nullable(z.string()) }),
    ),
    recommendation: nullable(z.object({ title: z.string(), advice: z.array(z.string()) })),
    cycle: nullable(
      z.object({
        id: z.string(),
        type: z.string(),
        status: z.string(),
        startedAt: isoDate,
        endedAt: nullable(isoDate),
      }),
    ),
  })
  .meta({ id: "LogEntry" });

export const auditPageSchema = z
  .object({
    events: z.array(
      z
        .object({
          id: z.number().int(),
          at: isoDate,
          actor: z.string().meta({ description: "A username, or an API token's name followed by (API token)." }),
          action: z.string(),
          label: z.string(),
          details: z.array(z.object({ key: z.string(), value: z.string() })),
        })
        .meta({ id: "AuditEvent" }),
    ),
    nextBefore: nullable(z.number().int()),
  })
  .meta({ id: "AuditPage" });

export const directoryUserPageSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string(),
          displayName: z.string(),
          userPrincipalName: z.string(),
          mail: nullable(z.string()),
          department: nullable(z.string()),
          jobTitle: nullable(z.string()),
          accountEnabled: z.boolean(),
          deletedAt: nullable(isoDate),
        })
        .meta({ id: "DirectoryUserListItem" }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "DirectoryUserPage" });

export const directoryGroupPageSchema = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string(),
          displayName: z.string(),
          mailNickname: nullable(z.string()),
          description: nullable(z.string()),
          securityEnabled: z.boolean(),
          mailEnabled: z.boolean(),
          deletedAt: nullable(isoDate),
          memberCount: z.number().int(),
        })
        .meta({ id: "DirectoryGroupListItem" }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "DirectoryGroupPage" });

const ownerSourceSchema = nullable(
  z
    .object({ id: z.string(), name: z.string(), kind: z.string() })
    .meta({ description: "The source that owns the object (read-only in Provisio); null when made in Provisio." }),
);

export const directoryUserSchema = z
  .object({
    id: z.string().meta({ description: "The objectId." }),
    userPrincipalName: z.string(),
    mailNickname: z.string(),
    displayName: z.string(),
    givenName: nullable(z.string()),
    surname: nullable(z.string()),
    mail: nullable(z.string()),
    department: nullable(z.string()),
    jobTitle: nullable(z.string()),
    employeeId: nullable(z.string()),
    companyName: nullable(z.string()),
    officeLocation: nullable(z.string()),
    streetAddress: nullable(z.string()),
    city: nullable(z.string()),
    state: nullable(z.string()),
    postalCode: nullable(z.string()),
    country: nullable(z.string()),
    usageLocation: nullable(z.string()),
    telephoneNumber: nullable(z.string()),
    mobilePhone: nullable(z.string()),
    preferredLanguage: nullable(z.string()),
    accountEnabled: z.boolean(),
    manager: nullable(z.object({ id: z.string(), displayName: z.string() })),
    externalId: nullable(z.string()),
    source: ownerSourceSchema,
    deletedAt: nullable(isoDate),
    createdAt: isoDate,
    updatedAt: isoDate,
    memberships: z.array(
      z.object({ groupId: z.string(), displayName: z.string(), deleted: z.boolean(), addedAt: isoDate }),
    ),
  })
  .meta({ id: "DirectoryUser", description: "A directory user with Entra's attribute names and its groups." });

export const directoryGroupSchema = z
  .object({
    id: z.string().meta({ description: "The objectId." }),
    displayName: z.string(),
    mailNickname: nullable(z.string()),
    description: nullable(z.string()),
    mail: nullable(z.string()),
    securityEnabled: z.boolean(),
    mailEnabled: z.boolean(),
    memberCount: z.number().int(),
    externalId: nullable(z.string()),
    source: ownerSourceSchema,
    deletedAt: nullable(isoDate),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "DirectoryGroup", description: "A directory group; its members are paged at …/members." });

export const groupMemberPageSchema = z
  .object({
    members: z.array(
      z
        .object({
          id: z.string(),
          displayName: z.string(),
          userPrincipalName: z.string(),
          department: nullable(z.string()),
          accountEnabled: z.boolean(),
          deletedAt: nullable(isoDate),
          addedAt: isoDate,
        })
        .meta({ id: "GroupMember" }),
    ),
    nextCursor: nullable(z.string()).meta({ description: "Pass as cursor for the next page; null on the last." }),
  })
  .meta({ id: "GroupMemberPage" });

export const ldapSourceConfigSchema = z
  .object({
    settings: ldapSettingsSchema.meta({
      description: "The saved settings (the preset's draft until saved); never the bind password.",
    }),
    configured: z.boolean().meta({ description: "Settings and a bind password are saved: the source syncs." }),
    hasPassword: z.boolean().meta({ description: "The bind password is write-only: only whether one is saved." }),
    lastSyncAt: nullable(isoDate),
    lastFullSyncAt: nullable(isoDate),
    nextSyncAt: nullable(isoDate),
    running: z.boolean(),
  })
  .meta({ id: "LdapSourceConfig", description: "An LDAP source's settings and sync state." });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "The error code's entry on the API reference page, or about:blank." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: "The typed error code, such as application.not_found." }),
    instance: z.string().optional(),
    fieldErrors: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)." });
