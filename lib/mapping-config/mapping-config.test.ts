import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { createApplication } from "../applications/create-application";
import { assignPrincipal } from "../applications/assign-principal";
import { createUser } from "../directory/create-user";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { bindSecretToken } from "../applications/provisioning/bind-secret-token";
import { AppError } from "../errors";
import { discoverTargetSchema } from "./discover-target-schema";
import { getMappingConfig, type MappingView } from "./get-mapping-config";
import { getScopingConfig } from "./get-scoping-config";
import { previewChanges } from "./preview-changes";
import { previewScope } from "./preview-scope";
import { restoreDefaultMappings } from "./restore-default-mappings";
import { saveMappings } from "./save-mappings";
import { saveScopingFilters } from "./save-scoping-filters";
import { saveTargetAttributes } from "./save-target-attributes";
import { searchTestPrincipals } from "./search-test-principals";
import { testExpression } from "./test-expression";

let counter = 0;
async function newApp() {
  const { id } = await createApplication({ templateId: "zscaler-two", name: `Mapping app ${++counter}` }, "admin");
  const job = await prisma.provisioningJob.update({ where: { applicationId: id }, data: { fullSyncRequired: false } });
  return { applicationId: id, jobId: job.id };
}

const rows = (mappings: MappingView[]) => mappings.map(({ id: _id, ...m }) => m);

async function expectAppError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function snapshot(jobId: string) {
  const m = await prisma.attributeMapping.findMany({
    where: { jobId },
    orderBy: [{ objectType: "asc" }, { position: "asc" }],
  });
  const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
  return {
    mappings: m.map((x) => [x.objectType, x.mappingType, x.source, x.target, x.matchingPrecedence]),
    full: job.fullSyncRequired,
    userCreate: job.userCreate,
  };
}

describe("saveMappings", () => {
  it("saves every row, the target object actions and marks the next cycle as initial, with an audit event", async () => {
    const { applicationId, jobId } = await newApp();
    const config = await getMappingConfig(applicationId, "User");
    const mappings = rows(config.mappings).map((m) =>
      m.target === "userName"
        ? { ...m, mappingType: "Expression" as const, source: 'Join("@", [mailNickname], "example.com")' }
        : m,
    );
    await saveMappings(
      { applicationId, objectType: "User", mappings, actions: { create: true, update: true, delete: false } },
      "admin",
    );
    const after = await getMappingConfig(applicationId, "User");
    expect(after.mappings.find((m) => m.target === "userName")).toMatchObject({
      mappingType: "Expression",
      source: 'Join("@", [mailNickname], "example.com")',
      matchingPrecedence: 1,
    });
    expect(after.mappings.map((m) => m.target)).toEqual(config.mappings.map((m) => m.target));
    expect(after.actions).toEqual({ create: true, update: true, delete: false });
    expect(after.fullSyncRequired).toBe(true);
    const audit = await prisma.auditEvent.findFirst({ where: { applicationId, action: "mappings.updated" } });
    expect(audit?.details).toContain("mailNickname");
    expect((await snapshot(jobId)).full).toBe(true);
  });

  it("saves nothing when one expression does not parse, and says where", async () => {
    const { applicationId, jobId } = await newApp();
    const before = await snapshot(jobId);
    const config = await getMappingConfig(applicationId, "User");
    const mappings = rows(config.mappings).map((m, i) =>
      i === 2 ? { ...m, mappingType: "Expression" as const, source: 'Jon("@", [mailNickname])' } : m,
    );
    const err = await saveMappings(
      { applicationId, objectType: "User", mappings, actions: { create: false, update: true, delete: true } },
      "admin",
    ).then(
      () => null,
      (e: unknown) => e as { issues?: { path: unknown[]; message: string }[] },
    );
    expect(err?.issues?.[0].path).toEqual(["mappings", 2, "source"]);
    expect(err?.issues?.[0].message).toMatch(/Line 1, column 1: Unknown function Jon\. Did you mean Join\?/);
    expect(await snapshot(jobId)).toEqual(before);
  });

  it("saves nothing when an expression reads a mistyped attribute, and suggests the right one", async () => {
    const { applicationId, jobId } = await newApp();
    const before = await snapshot(jobId);
    const config = await getMappingConfig(applicationId, "User");
    const source = 'Join(".", [givenName], [surnam])';
    const mappings = rows(config.mappings).map((m, i) =>
      i === 2 ? { ...m, mappingType: "Expression" as const, source } : m,
    );
    const e = await expectAppError(
      saveMappings(
        { applicationId, objectType: "User", mappings, actions: { create: true, update: true, delete: true } },
        "admin",
      ),
    );
    expect(e.fieldErrors?.["mappings.2.source"]).toBe(
      "Line 1, column 24: Unknown attribute [surnam]: the source directory has no such attribute. Did you mean [surname]?",
    );
    expect(e.message).toMatch(/^Nothing was saved\. .*Did you mean \[surname\]\?/);
    expect(await snapshot(jobId)).toEqual(before);
  });

  it("refuses a target mapped twice, a repeated precedence, an unknown target and no matching attribute", async () => {
    const { applicationId, jobId } = await newApp();
    const before = await snapshot(jobId);
    const base = rows((await getMappingConfig(applicationId, "User")).mappings);
    const actions = { create: true, update: true, delete: true };

    const dup = [...base, { ...base[2] }];
    let e = await expectAppError(saveMappings({ applicationId, objectType: "User", mappings: dup, actions }, "admin"));
    expect(e.fieldErrors?.[`mappings.${base.length}.target`]).toMatch(/already mapped \(row 3\)/);

    const precedence = base.map((m, i) => (i === 2 ? { ...m, matchingPrecedence: 1 } : m));
    e = await expectAppError(
      saveMappings({ applicationId, objectType: "User", mappings: precedence, actions }, "admin"),
    );
    expect(e.fieldErrors?.["mappings.2.matchingPrecedence"]).toMatch(/precedence 1 is already used by row 1/);

    const unknown = base.map((m, i) => (i === 2 ? { ...m, target: "nickName" } : m));
    e = await expectAppError(saveMappings({ applicationId, objectType: "User", mappings: unknown, actions }, "admin"));
    expect(e.fieldErrors?.["mappings.2.target"]).toMatch(/not in the target's attribute list/);

    const noMatch = base.map((m) => ({ ...m, matchingPrecedence: null }));
    e = await expectAppError(saveMappings({ applicationId, objectType: "User", mappings: noMatch, actions }, "admin"));
    expect(e.fieldErrors?._form).toMatch(/At least one mapping must match users/);

    const badSource = base.map((m, i) => (i === 2 ? { ...m, source: "displayNam" } : m));
    e = await expectAppError(
      saveMappings({ applicationId, objectType: "User", mappings: badSource, actions }, "admin"),
    );
    expect(e.fieldErrors?.["mappings.2.source"]).toMatch(/not a user attribute/);

    expect(await snapshot(jobId)).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { applicationId, action: "mappings.updated" } })).toBe(0);
  });

  it("turns group provisioning off without requiring a matching group attribute", async () => {
    const { applicationId } = await newApp();
    await saveMappings(
      {
        applicationId,
        objectType: "Group",
        mappings: [],
        actions: { create: true, update: true, delete: true },
        groupProvisioningEnabled: false,
      },
      "admin",
    );
    const config = await getMappingConfig(applicationId, "Group");
    expect(config.groupProvisioningEnabled).toBe(false);
    expect(config.mappings).toEqual([]);
    await expectAppError(
      saveMappings(
        {
          applicationId,
          objectType: "Group",
          mappings: [],
          actions: { create: true, update: true, delete: true },
          groupProvisioningEnabled: true,
        },
        "admin",
      ),
    );
  });
});

describe("restoreDefaultMappings", () => {
  it("puts back the template's mappings and missing attributes, keeping attributes the admin added", async () => {
    const { applicationId, jobId } = await newApp();
    const base = (await getMappingConfig(applicationId, "User")).mappings;
    await saveMappings(
      {
        applicationId,
        objectType: "User",
        mappings: [{ ...rows(base)[0] }],
        actions: { create: true, update: true, delete: true },
      },
      "admin",
    );
    const attrs = (await getMappingConfig(applicationId, "User")).targetAttributes;
    await saveTargetAttributes(
      {
        applicationId,
        objectType: "User",
        attributes: [
          ...attrs.filter((a) => a.name !== "title"),
          { name: "nickName", type: "String", required: false, multiValued: false, caseExact: false },
        ],
      },
      "admin",
    );
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { fullSyncRequired: false } });
    const { count } = await restoreDefaultMappings({ applicationId, objectType: "User" }, "admin");
    const after = await getMappingConfig(applicationId, "User");
    expect(count).toBe(7);
    expect(rows(after.mappings)).toEqual(rows(base));
    expect(after.targetAttributes.map((a) => a.name)).toEqual(expect.arrayContaining(["title", "nickName"]));
    expect(after.fullSyncRequired).toBe(true);
  });
});

describe("saveTargetAttributes", () => {
  it("adds and removes attributes, but never one a mapping uses, and refuses duplicates", async () => {
    const { applicationId } = await newApp();
    const attrs = (await getMappingConfig(applicationId, "User")).targetAttributes;
    const e = await expectAppError(
      saveTargetAttributes(
        { applicationId, objectType: "User", attributes: attrs.filter((a) => a.name !== "userName") },
        "admin",
      ),
    );
    expect(e.message).toMatch(/userName is used by a mapping and cannot be removed/);
    const dupe = await expectAppError(
      saveTargetAttributes(
        { applicationId, objectType: "User", attributes: [...attrs, { ...attrs[0], name: "USERNAME" }] },
        "admin",
      ),
    );
    expect(dupe.fieldErrors?.[`attributes.${attrs.length}.name`]).toMatch(/already in the list \(row 1\)/);
    expect((await getMappingConfig(applicationId, "User")).targetAttributes).toEqual(attrs);

    const next = [
      ...attrs.filter((a) => a.name !== "title"),
      { name: "nickName", type: "String" as const, required: true, multiValued: false, caseExact: true },
    ];
    await saveTargetAttributes({ applicationId, objectType: "User", attributes: next }, "admin");
    const after = (await getMappingConfig(applicationId, "User")).targetAttributes;
    expect(after.map((a) => a.name)).not.toContain("title");
    expect(after.find((a) => a.name === "nickName")).toEqual({
      name: "nickName",
      type: "String",
      required: true,
      multiValued: false,
      caseExact: true,
    });
  });
});

describe("discoverTargetSchema against a local SCIM server", () => {
  const token = "discovery-token-1c9f";
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer({ token });
  });
  afterAll(async () => {
    await server.close();
  });

  it("adds the attributes /Schemas lists, never removes one, and says how many were added", async () => {
    const { applicationId, jobId } = await newApp();
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { tenantUrl: server.url, ...bindSecretToken(token, server.url) },
    });
    const before = (await getMappingConfig(applicationId, "User")).targetAttributes.map((a) => a.name);
    const result = await discoverTargetSchema({ applicationId, objectType: "User" }, "admin");
    expect(result.added.length).toBeGreaterThan(5);
    expect(result.added).toEqual(
      expect.arrayContaining([
        "nickName",
        "name.middleName",
        'phoneNumbers[type eq "work"].value',
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
      ]),
    );
    expect(result.added).not.toContain("id");
    expect(result.added).toContain("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager");
    expect(result.added.filter((n) => n.includes("$ref"))).toEqual([]);
    const after = (await getMappingConfig(applicationId, "User")).targetAttributes.map((a) => a.name);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBe(before.length + result.added.length);

    const again = await discoverTargetSchema({ applicationId, objectType: "User" }, "admin");
    expect(again.added).toEqual([]);

    const groups = await discoverTargetSchema({ applicationId, objectType: "Group" }, "admin");
    expect((await getMappingConfig(applicationId, "Group")).targetAttributes.map((a) => a.name)).toEqual(
      expect.arrayContaining(["displayName", "members", ...groups.added]),
    );
  });

  it("explains a rejected token, an unreachable server and missing credentials, and adds nothing", async () => {
    const { applicationId, jobId } = await newApp();
    const before = await prisma.targetAttribute.count({ where: { jobId } });
    let e = await expectAppError(discoverTargetSchema({ applicationId, objectType: "User" }, "admin"));
    expect(e.message).toMatch(/Tenant URL and Secret Token/);
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { tenantUrl: server.url, ...bindSecretToken("wrong-token", server.url) },
    });
    e = await expectAppError(discoverTargetSchema({ applicationId, objectType: "User" }, "admin"));
    expect(e.message).toMatch(/refused the Secret Token \(HTTP 401\)/);
    expect(e.message).not.toContain("wrong-token");
    const closed = await startSandboxServer({ token });
    await closed.close();
    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { tenantUrl: closed.url, ...bindSecretToken(token, closed.url) },
    });
    e = await expectAppError(discoverTargetSchema({ applicationId, objectType: "User" }, "admin"));
    expect(e.message).toMatch(/connection was refused/);
    expect(await prisma.targetAttribute.count({ where: { jobId } })).toBe(before);
  });
});

describe("scoping filters", () => {
  let users: { id: string }[] = [];
  let applicationId = "";
  beforeAll(async () => {
    ({ applicationId } = await newApp());
    const specs = [
      { n: "ana", department: "Sales", employeeId: "10" },
      { n: "bo", department: "Sales", employeeId: "30" },
      { n: "cy", department: "Finance", employeeId: "x" },
      { n: "di", department: null, employeeId: "50" },
    ];
    users = [];
    for (const s of specs) {
      const u = await createUser(
        {
          userPrincipalName: `${s.n}.scope@contoso.test`,
          displayName: `${s.n} Scope`,
          mailNickname: `${s.n}.scope`,
          department: s.department,
          employeeId: s.employeeId,
        },
        "test",
      );
      users.push(u);
      await assignPrincipal({ applicationId, principalType: "User", principalId: u.id, appRole: "User" }, "admin");
    }
  });

  it("previews N of M assigned users in scope with the failing clause, without saving", async () => {
    const preview = await previewScope({
      applicationId,
      objectType: "User",
      filters: [
        {
          clauses: [
            { attribute: "department", operator: "EQUALS", value: "Sales" },
            { attribute: "employeeId", operator: "Greater_Than", value: "20" },
          ],
        },
      ],
    });
    expect(preview).toMatchObject({ inScope: 1, total: 4, basis: "AssignedOnly" });
    expect(preview.inScopeSample.map((s) => s.detail)).toEqual(["bo.scope@contoso.test"]);
    const di = preview.outOfScopeSample.find((s) => s.detail.startsWith("di."));
    expect(di?.reason).toMatch(/department has no value/);
    const ana = preview.outOfScopeSample.find((s) => s.detail.startsWith("ana."));
    expect(ana?.reason).toBe('Filter 1, clause 2: employeeId is greater than 20 is false (employeeId is "10")');
    expect(await prisma.scopingFilter.count()).toBe(0);
    const none = await previewScope({ applicationId, objectType: "User", filters: [] });
    expect(none.inScope).toBe(4);
  });

  it("saves ORed filters, marks a full cycle, and refuses an invalid regex or a non-integer comparison with the reason", async () => {
    await prisma.provisioningJob.update({ where: { applicationId }, data: { fullSyncRequired: false } });
    await saveScopingFilters(
      {
        applicationId,
        objectType: "User",
        filters: [
          { title: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
          { clauses: [{ attribute: "department", operator: "IS NULL", value: "left over" }] },
        ],
      },
      "admin",
    );
    const saved = await getScopingConfig(applicationId, "User");
    expect(saved.filters).toEqual([
      { title: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
      { title: "Scoping filter 2", clauses: [{ attribute: "department", operator: "IS NULL", value: null }] },
    ]);
    expect(saved.fullSyncRequired).toBe(true);

    const bad = await saveScopingFilters(
      {
        applicationId,
        objectType: "User",
        filters: [
          {
            clauses: [
              { attribute: "department", operator: "REGEX MATCH", value: "(Sales" },
              { attribute: "employeeId", operator: "Greater_Than", value: "1.5" },
            ],
          },
        ],
      },
      "admin",
    ).then(
      () => null,
      (e: unknown) => e as { issues: { path: unknown[]; message: string }[] },
    );
    expect(bad?.issues.map((i) => i.path.join("."))).toEqual([
      "filters.0.clauses.0.value",
      "filters.0.clauses.1.value",
    ]);
    expect(bad?.issues[0].message).toMatch(/Invalid regular expression/);
    expect(bad?.issues[1].message).toMatch(/"1.5" is not an integer/);
    expect((await getScopingConfig(applicationId, "User")).filters).toEqual(saved.filters);
  });

  it("tests an expression on a user: a value, null, and attribute not sent", async () => {
    const [ana, , , di] = users;
    const found = await searchTestPrincipals({ objectType: "User", query: "ana.scope" });
    expect(found.map((f) => f.id)).toEqual([ana.id]);
    const value = await testExpression({
      applicationId,
      objectType: "User",
      principalId: ana.id,
      mappingType: "Expression",
      source: 'Join("@", [mailNickname], "example.com")',
    });
    expect(value.outcome).toEqual({ kind: "value", value: "ana.scope@example.com", json: false, redacted: false });
    const nul = await testExpression({
      applicationId,
      objectType: "User",
      principalId: di.id,
      mappingType: "Direct",
      source: "department",
      defaultValue: "Unknown",
    });
    expect(nul.outcome).toEqual({ kind: "null" });
    expect(nul.defaultApplies).toBe("Unknown");
    const notSent = await testExpression({
      applicationId,
      objectType: "User",
      principalId: di.id,
      mappingType: "Expression",
      source: "IgnoreFlowIfNullOrEmpty([department])",
    });
    expect(notSent.outcome).toEqual({ kind: "notSent" });
    const typo = await testExpression({
      applicationId,
      objectType: "User",
      principalId: ana.id,
      mappingType: "Expression",
      source: 'Join(".", [givenName], [surnam])',
    });
    expect(typo.outcome).toEqual({
      kind: "error",
      message:
        "Line 1, column 24: Unknown attribute [surnam]: the source directory has no such attribute. Did you mean [surname]?",
    });
    const roles = await testExpression({
      applicationId,
      objectType: "User",
      principalId: ana.id,
      mappingType: "Expression",
      source: "SingleAppRoleAssignment([appRoleAssignments])",
    });
    expect(roles.outcome).toMatchObject({ kind: "value", value: "User" });
  });

  it("shows what the next cycle will change from the engine's plan", async () => {
    await saveScopingFilters({ applicationId, objectType: "User", filters: [] }, "admin");
    const preview = await previewChanges({ applicationId });
    expect(preview.type).toBe("Initial");
    expect(preview.counts.create).toBe(4);
    expect(
      preview.operations
        .filter((o) => o.action === "Create")
        .map((o) => o.identity)
        .sort(),
    ).toEqual(["ana.scope@contoso.test", "bo.scope@contoso.test", "cy.scope@contoso.test", "di.scope@contoso.test"]);
    // Creates list the values they would send, with the saved mappings.
    const config = await getMappingConfig(applicationId, "User");
    const mappings = rows(config.mappings).map((m) =>
      m.target === "userName"
        ? { ...m, mappingType: "Expression" as const, source: 'Join("@", [mailNickname], "example.com")' }
        : m,
    );
    await saveMappings({ applicationId, objectType: "User", mappings, actions: config.actions }, "admin");
    const after = await previewChanges({ applicationId });
    const ana = after.operations.find((o) => o.identity === "ana.scope@contoso.test");
    expect(ana?.changes).toEqual(
      expect.arrayContaining([
        { name: "userName", oldValue: null, newValue: "ana.scope@example.com" },
        { name: "active", oldValue: null, newValue: true },
      ]),
    );
  });
});
