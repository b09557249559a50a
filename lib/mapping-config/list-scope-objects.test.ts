import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { createApplication } from "../applications/create-application";
import { assignPrincipal } from "../applications/assign-principal";
import { createUser } from "../directory/create-user";
import { listScopeObjects } from "./list-scope-objects";
import { previewScope } from "./preview-scope";

// 19 assigned users in Sales and 6 in Legal, under one filter "department EQUALS Sales": the preview shows 8
// of the 19, and listScopeObjects pages and searches all of them.
let applicationId = "";
const filters = [{ clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] }];

beforeAll(async () => {
  ({ id: applicationId } = await createApplication({ templateId: "zscaler-two", name: "Scope list" }, "admin"));
  for (let i = 1; i <= 25; i++) {
    const n = String(i).padStart(2, "0");
    const department = i <= 19 ? "Sales" : "Legal";
    const u = await createUser(
      {
        userPrincipalName: `person${n}.list@contoso.test`,
        displayName: `Person ${n}${i === 7 ? " Zed" : ""}`,
        mailNickname: `person${n}.list`,
        department,
      },
      "test",
    );
    await assignPrincipal({ applicationId, principalType: "User", principalId: u.id, appRole: "User" }, "admin");
  }
});

describe("listScopeObjects", () => {
  it("pages through every object on one side, beyond the preview's sample", async () => {
    const preview = await previewScope({ applicationId, objectType: "User", filters });
    expect(preview).toMatchObject({ inScope: 19, total: 25 });
    expect(preview.inScopeSample).toHaveLength(8);

    const first = await listScopeObjects({ applicationId, objectType: "User", filters, outcome: "InScope", limit: 10 });
    expect(first).toMatchObject({ matching: 19, offset: 0, limit: 10 });
    expect(first.items.map((i) => i.detail)).toEqual(
      Array.from({ length: 10 }, (_, k) => `person${String(k + 1).padStart(2, "0")}.list@contoso.test`),
    );
    const second = await listScopeObjects({
      applicationId,
      objectType: "User",
      filters,
      outcome: "InScope",
      limit: 10,
      offset: 10,
    });
    expect(second.matching).toBe(19);
    expect(second.items).toHaveLength(9);
    expect(second.items.at(-1)?.name).toBe("Person 19");
    // Together the pages hold each of the 19 once.
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(19);
  });

  it("lists the out-of-scope side with the failing clause, and searches names and UPNs without letter case", async () => {
    const out = await listScopeObjects({ applicationId, objectType: "User", filters, outcome: "OutOfScope" });
    expect(out.matching).toBe(6);
    expect(out.items[0]?.reason).toBe('Filter 1, clause 1: department equals Sales is false (department is "Legal")');

    const byName = await listScopeObjects({
      applicationId,
      objectType: "User",
      filters,
      outcome: "InScope",
      search: "zED",
    });
    expect(byName.matching).toBe(1);
    expect(byName.items.map((i) => i.name)).toEqual(["Person 07 Zed"]);
    const byUpn = await listScopeObjects({
      applicationId,
      objectType: "User",
      filters,
      outcome: "InScope",
      search: "person1",
    });
    expect(byUpn.matching).toBe(10); // person10 … person19
    // Text that looks like a pattern is only text.
    const pattern = await listScopeObjects({
      applicationId,
      objectType: "User",
      filters,
      outcome: "InScope",
      search: ".*",
    });
    expect(pattern.matching).toBe(0);
  });

  it("bounds the page and the search, and writes nothing", async () => {
    const base = { applicationId, objectType: "User" as const, filters, outcome: "InScope" as const };
    await expect(listScopeObjects({ ...base, limit: 51 })).rejects.toThrow();
    await expect(listScopeObjects({ ...base, search: "x".repeat(201) })).rejects.toThrow(/at most 200/);
    await expect(listScopeObjects({ ...base, offset: -1 })).rejects.toThrow();
    const past = await listScopeObjects({ ...base, offset: 100 });
    expect(past).toMatchObject({ matching: 19, items: [] });
    expect(await prisma.scopingFilter.count()).toBe(0);
  });
});
