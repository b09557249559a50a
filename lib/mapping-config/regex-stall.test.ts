import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignPrincipal } from "../applications/assign-principal";
import { createApplication } from "../applications/create-application";
import { createUser } from "../directory/create-user";
import { prisma } from "../db/prisma";
import { startHealthServer, whileProbing } from "../test/health-probe";
import { getScopingConfig } from "./get-scoping-config";
import { previewScope } from "./preview-scope";
import { saveScopingFilters } from "./save-scoping-filters";
import { testExpression } from "./test-expression";

// Catastrophic patterns for a backtracking engine: on 27 letters and a "!", JavaScript's RegExp took about
// 2 s for Replace's `(a+)+$` and 7 s for the scoping filter's `(a+)+`, and the whole server waited.
const EVIL_VALUE = "a".repeat(27) + "!";

let health: Awaited<ReturnType<typeof startHealthServer>>;
let applicationId: string;
let userId: string;

beforeAll(async () => {
  health = await startHealthServer();
  ({ id: applicationId } = await createApplication({ templateId: "zscaler-two", name: "ReDoS app" }, "admin"));
  ({ id: userId } = await createUser(
    {
      userPrincipalName: "redos.user@contoso.test",
      displayName: "ReDoS User",
      department: EVIL_VALUE,
    },
    "test",
  ));
  await assignPrincipal({ applicationId, principalType: "User", principalId: userId, appRole: "User" }, "admin");
});
afterAll(async () => {
  await health.close();
});

describe("regular expressions never stall the server", () => {
  it('Test expression with Replace(…, "(a+)+$", …) answers, and /api/health answers within 1 s meanwhile', async () => {
    const { result, slowestMs } = await whileProbing(health.url, () =>
      testExpression({
        applicationId,
        objectType: "User",
        principalId: userId,
        mappingType: "Expression",
        source: 'Replace([department], , "(a+)+$", , "x", , )',
      }),
    );
    // No match ("!" is last), so the value is unchanged: the same answer .NET gives.
    expect(result.outcome).toEqual({ kind: "value", value: EVIL_VALUE, json: false, redacted: false });
    expect(slowestMs).toBeLessThan(1000);
  });

  it("a saved scoping filter REGEX MATCH (a+)+ previews (the Reader's GET), and /api/health answers within 1 s", async () => {
    await saveScopingFilters(
      {
        applicationId,
        objectType: "User",
        filters: [{ clauses: [{ attribute: "department", operator: "REGEX MATCH", value: "(a+)+" }] }],
      },
      "admin",
    );
    // What GET /api/applications/:id/scope-preview runs.
    const { result, slowestMs } = await whileProbing(health.url, async () => {
      const config = await getScopingConfig(applicationId, "User");
      return previewScope({ applicationId, objectType: "User", filters: config.filters });
    });
    expect(result.total).toBe(1);
    expect(result.inScope).toBe(0);
    expect(result.outOfScopeSample[0]?.reason).toContain("department");
    expect(slowestMs).toBeLessThan(1000);
  });

  it("says which objects a regex could not be applied to, in the preview", async () => {
    const { id } = await createUser(
      { userPrincipalName: "long.value@contoso.test", displayName: "Long Value" },
      "test",
    );
    await assignPrincipal({ applicationId, principalType: "User", principalId: id, appRole: "User" }, "admin");
    // Past the directory's own 64-character limit, as another tool writing to the database might.
    await prisma.directoryUser.update({ where: { id }, data: { department: "a".repeat(20_000) } });
    const preview = await previewScope({
      applicationId,
      objectType: "User",
      filters: [{ clauses: [{ attribute: "department", operator: "REGEX MATCH", value: "a+" }] }],
    });
    expect(preview.total).toBe(2);
    expect(preview.failed).toBe(1);
    expect(preview.failedSample).toEqual([
      expect.objectContaining({
        name: "Long Value",
        reason: expect.stringContaining("REGEX MATCH on department: the value is 20,000 characters long"),
      }),
    ]);
  });
});
