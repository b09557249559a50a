import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { createApplication } from "../applications/create-application";
import { assignPrincipal } from "../applications/assign-principal";
import { createUser } from "../directory/create-user";
import { createGroup } from "../directory/create-group";
import { softDeleteUser } from "../directory/soft-delete-user";
import { saveScopingFilters } from "../mapping-config/save-scoping-filters";
import { bindSecretToken } from "../applications/provisioning/bind-secret-token";
import { applyConfiguration } from "./apply-configuration";
import { exportConfiguration } from "./export-configuration";
import type { ConfigurationDocument } from "./configuration-document-schema";

let n = 0;
const uid = () => `${Date.now().toString(36)}${++n}`;

async function expectRefused(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** Everything apply may write, to prove a refused or dry-run apply wrote nothing. */
async function databaseState() {
  const [apps, jobs, mappings, attributes, filters, clauses, assignments, audit, changes] = await Promise.all([
    prisma.application.findMany({ orderBy: { id: "asc" } }),
    prisma.provisioningJob.findMany({ orderBy: { id: "asc" } }),
    prisma.attributeMapping.findMany({ orderBy: { id: "asc" } }),
    prisma.targetAttribute.findMany({ orderBy: { id: "asc" } }),
    prisma.scopingFilter.findMany({ orderBy: { id: "asc" } }),
    prisma.scopingClause.findMany({ orderBy: { id: "asc" } }),
    prisma.assignment.findMany({ orderBy: { id: "asc" } }),
    prisma.auditEvent.count(),
    prisma.directoryChange.count(),
  ]);
  return JSON.stringify({ apps, jobs, mappings, attributes, filters, clauses, assignments, audit, changes });
}

let ada: { id: string; upn: string };
let grace: { id: string; upn: string };
let sales: { id: string; name: string };

beforeAll(async () => {
  const mk = async (name: string) => {
    const upn = `${name}.${uid()}@contoso.test`;
    const { id } = await createUser({ userPrincipalName: upn, displayName: name, department: "Sales" }, "test");
    return { id, upn };
  };
  ada = await mk("ada");
  grace = await mk("grace");
  const name = `Sales ${uid()}`;
  sales = { id: (await createGroup({ displayName: name }, "test")).id, name };
});

async function configuredApp() {
  const { id } = await createApplication({ templateId: "zscaler-two", name: `Config ${uid()}` }, "admin");
  await assignPrincipal({ applicationId: id, principalType: "User", principalId: ada.id, appRole: "User" }, "admin");
  await assignPrincipal({ applicationId: id, principalType: "Group", principalId: sales.id, appRole: "User" }, "admin");
  await saveScopingFilters(
    {
      applicationId: id,
      objectType: "User",
      filters: [{ title: "Sales only", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] }],
    },
    "admin",
  );
  return id;
}

/** The exported document with a few edits an admin would make in a text editor. */
function edited(doc: ConfigurationDocument): ConfigurationDocument {
  const copy = structuredClone(doc);
  copy.provisioning.scope = "All";
  copy.provisioning.deletionThreshold = 25;
  copy.provisioning.notificationEmail = "ops@contoso.test";
  copy.provisioning.sendOnFailure = true;
  copy.provisioning.cycleIntervalMinutes = 15;
  copy.mappings.users.push({
    mappingType: "Expression",
    source: 'Join(" ", [givenName], [surname])',
    target: "nickName",
    defaultValue: null,
    applyOn: "CreateOnly",
    matchingPrecedence: null,
  });
  copy.targetAttributes.users.push({
    name: "nickName",
    type: "String",
    required: false,
    multiValued: false,
    caseExact: false,
  });
  copy.scopingFilters.users = [];
  copy.assignments.users = [
    { userPrincipalName: ada.upn, appRole: "User" },
    { userPrincipalName: grace.upn, appRole: "User" },
  ];
  copy.assignments.groups = [];
  return copy;
}

describe("configuration as code", () => {
  it("exports what the pages configured, and applying the export changes nothing", async () => {
    const id = await configuredApp();
    const doc = await exportConfiguration(id);
    expect(doc.version).toBe(1);
    expect(doc.application.template).toBe("zscaler-two");
    expect(doc.assignments.users).toEqual([{ userPrincipalName: ada.upn, appRole: "User" }]);
    expect(doc.assignments.groups).toEqual([{ displayName: sales.name, appRole: "User" }]);
    expect(doc.scopingFilters.users).toEqual([
      { title: "Sales only", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
    ]);
    expect(doc.mappings.users.find((m) => m.target === "userName")).toMatchObject({
      source: "userPrincipalName",
      matchingPrecedence: 1,
    });
    const before = await databaseState();
    const result = await applyConfiguration({ applicationId: id, document: JSON.stringify(doc) }, "ci");
    expect(result.changes).toEqual([]);
    expect(await databaseState()).toBe(before);
  });

  it("leaves out the Secret Token and keeps the Tenant URL", async () => {
    const id = await configuredApp();
    const url = "https://scim.example.test/scim";
    await prisma.provisioningJob.update({
      where: { applicationId: id },
      data: { mode: "Automatic", tenantUrl: url, ...bindSecretToken("super-secret-token-0123456789", url) },
    });
    const doc = await exportConfiguration(id);
    expect(doc.provisioning.tenantUrl).toBe(url);
    expect(JSON.stringify(doc)).not.toContain("super-secret-token");
    expect(JSON.stringify(doc)).not.toMatch(/secret|token/i);
  });

  it("lists the changes in a dry run without writing, then applies them once: the second apply changes nothing", async () => {
    const id = await configuredApp();
    const doc = edited(await exportConfiguration(id));
    const before = await databaseState();

    const dry = await applyConfiguration({ applicationId: id, document: doc, dryRun: true }, "ci");
    expect(dry.dryRun).toBe(true);
    expect(await databaseState()).toBe(before);
    const lines = dry.changes.map((c) => `${c.kind} ${c.path}: ${c.summary}`);
    expect(lines).toEqual([
      'change provisioning.notificationEmail: Notification Email: (none) → "ops@contoso.test"',
      "change provisioning.sendOnFailure: Send an email notification when a failure occurs: false → true",
      'change provisioning.scope: Scope: "AssignedOnly" → "All"',
      "change provisioning.deletionThreshold: Accidental deletion threshold: 500 → 25",
      "change provisioning.cycleIntervalMinutes: Minutes between cycles: (none) → 15",
      expect.stringMatching(/^add targetAttributes\.users\[\d+\]: Add target attribute nickName \(String\)$/),
      expect.stringMatching(
        /^add mappings\.users\[\d+\]: Add mapping Join\(" ", \[givenName\], \[surname\]\) → nickName$/,
      ),
      'remove scopingFilters.users: Remove scoping filter "Sales only" (department EQUALS "Sales")',
      `add assignments.users[1]: Assign user ${grace.upn} as User`,
      `remove assignments.groups: Remove the assignment of group ${sales.name} (User)`,
    ]);

    const applied = await applyConfiguration({ applicationId: id, document: doc }, "ci");
    expect(applied.changes).toEqual(dry.changes);
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job).toMatchObject({
      scope: "All",
      deletionThreshold: 25,
      cycleIntervalMinutes: 15,
      fullSyncRequired: true,
    });
    expect(await exportConfiguration(id)).toEqual(doc);
    const audit = await prisma.auditEvent.findMany({ where: { applicationId: id, actor: "ci" } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "assignment.added",
      "assignment.removed",
      "configuration.applied",
      "mappings.updated",
      "provisioning.notification.updated",
      "provisioning.settings.updated",
      "provisioning.settings.updated",
      "scopingFilters.updated",
      "targetAttributes.updated",
    ]);
    // The assignment changes are in the change sequence, so the job is woken for them.
    const seq = await prisma.directoryChange.findMany({
      where: { kind: "AssignmentChanged" },
      orderBy: { seq: "desc" },
      take: 2,
    });
    expect(seq.map((c) => c.objectId).sort()).toEqual([grace.id, sales.id].sort());

    const after = await databaseState();
    const again = await applyConfiguration({ applicationId: id, document: doc }, "ci");
    expect(again.changes).toEqual([]);
    expect(await databaseState()).toBe(after);
  });

  it("refuses a document that does not validate, whole, with every problem at its JSON path", async () => {
    const id = await configuredApp();
    const doc = structuredClone(await exportConfiguration(id)) as unknown as Record<string, never>;
    const d = doc as unknown as ConfigurationDocument & { provisioning: Record<string, unknown> };
    d.provisioning.scope = "Everything" as never;
    d.provisioning.secretToken = "abc";
    d.mappings.users[3]!.target = "";
    d.application.name = "Renamed but refused";
    const before = await databaseState();
    const e = await expectRefused(applyConfiguration({ applicationId: id, document: doc }, "ci"));
    expect(e.code).toBe("configuration.invalid");
    expect(Object.keys(e.fieldErrors ?? {}).sort()).toEqual([
      "mappings.users[3].target",
      "provisioning.scope",
      "provisioning.secretToken",
    ]);
    expect(e.fieldErrors?.["provisioning.secretToken"]).toMatch(/Secrets are not part/);
    expect(e.message).toMatch(/3 problems; nothing was changed/);
    expect(await databaseState()).toBe(before);
  });

  it("refuses whole when a valid-looking document does not fit the directory or the rules of the pages", async () => {
    const id = await configuredApp();
    const gone = { id: "", upn: `gone.${uid()}@contoso.test` };
    gone.id = (await createUser({ userPrincipalName: gone.upn, displayName: "Gone" }, "test")).id;
    await softDeleteUser({ id: gone.id }, "test");
    const doc = await exportConfiguration(id);
    doc.application.name = "Would be renamed";
    doc.assignments.users.push(
      { userPrincipalName: "nobody@contoso.test", appRole: "User" },
      { userPrincipalName: gone.upn, appRole: "User" },
      { userPrincipalName: ada.upn, appRole: "User" },
      { userPrincipalName: grace.upn, appRole: "Owner" },
    );
    doc.assignments.groups.push({ displayName: "No such group", appRole: "User" });
    doc.mappings.users.push({ ...doc.mappings.users[0]!, target: "nickName" });
    doc.mappings.users[0]!.matchingPrecedence = 1;
    doc.provisioning.sendOnFailure = true;
    const before = await databaseState();
    const e = await expectRefused(applyConfiguration({ applicationId: id, document: doc }, "ci"));
    const problems = e.fieldErrors ?? {};
    expect(Object.keys(problems).sort()).toEqual(
      [
        "assignments.users[1].userPrincipalName",
        "assignments.users[2].userPrincipalName",
        "assignments.users[3]",
        "assignments.users[4].appRole",
        "assignments.groups[1].displayName",
        `mappings.users[${doc.mappings.users.length - 1}].target`,
        `mappings.users[${doc.mappings.users.length - 1}].matchingPrecedence`,
        "provisioning.notificationEmail",
      ].sort(),
    );
    expect(problems["assignments.users[1].userPrincipalName"]).toMatch(/No user nobody@contoso.test/);
    expect(problems["assignments.users[2].userPrincipalName"]).toMatch(/deleted in the directory/);
    expect(problems["assignments.users[3]"]).toMatch(/already listed at assignments.users\[0\]/);
    expect(problems[`mappings.users[${doc.mappings.users.length - 1}].target`]).toMatch(
      /not in the target's attribute list/,
    );
    expect(await databaseState()).toBe(before);

    // A template the application was not added from is refused too.
    const other = await exportConfiguration(id);
    other.application.template = "zscaler-one";
    const t = await expectRefused(applyConfiguration({ applicationId: id, document: other }, "ci"));
    expect(Object.keys(t.fieldErrors ?? {})).toEqual(["application.template"]);
  });

  it("adds the application from its template when none has the document's name, and a dry run only says so", async () => {
    const source = await exportConfiguration(await configuredApp());
    const doc = { ...source, application: { ...source.application, name: `Fresh ${uid()}` } };
    const before = await databaseState();
    const dry = await applyConfiguration({ document: doc, dryRun: true }, "cli");
    expect(dry).toMatchObject({ applicationId: null, created: true });
    expect(dry.changes[0]!.summary).toBe(
      `Add ${JSON.stringify(doc.application.name)} from the gallery template Zscaler Two`,
    );
    expect(dry.changes.map((c) => c.path)).toContain("scopingFilters.users[0]");
    expect(await databaseState()).toBe(before);

    const applied = await applyConfiguration({ document: doc }, "cli");
    expect(applied.created).toBe(true);
    expect(await exportConfiguration(applied.applicationId!)).toEqual(doc);
    const again = await applyConfiguration({ document: doc }, "cli");
    expect(again).toMatchObject({ applicationId: applied.applicationId, created: false, changes: [] });
  });

  it("bounds the document: too large, too many rows, bad JSON", async () => {
    const big = await expectRefused(applyConfiguration({ document: " ".repeat(2_000_001) }, "ci"));
    expect(big.code).toBe("configuration.too_large");
    const json = await expectRefused(applyConfiguration({ document: "{nope" }, "ci"));
    expect(json.code).toBe("configuration.invalid");
    expect(Object.keys(json.fieldErrors ?? {})).toEqual(["(document)"]);
    const doc = await exportConfiguration(await configuredApp());
    const many = {
      ...doc,
      assignments: {
        users: Array.from({ length: 10_001 }, (_, i) => ({ userPrincipalName: `u${i}@x.test`, appRole: "User" })),
        groups: [],
      },
    };
    const rows = await expectRefused(applyConfiguration({ document: many }, "ci"));
    expect(rows.fieldErrors?.["assignments.users"]).toMatch(/At most 10000/);
  });
});
