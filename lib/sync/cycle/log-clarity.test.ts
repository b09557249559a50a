import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveScopingFilters } from "../../mapping-config/save-scoping-filters";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { assign, logsOf, makeApp, makeGroup, makeUser } from "../test-support/engine-fixtures";
import { planCycle } from "../plan/plan-cycle";
import { provisionOnDemand } from "./provision-on-demand";
import { runCycle } from "./run-cycle";

const TOKEN = "log-clarity-token";
let target: SandboxServer;
beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN });
});
afterAll(() => target.close());

describe("the provisioning log says what matters", () => {
  it("has no entry for objects of other applications' assignment changes", async () => {
    const mine = await makeApp({ url: target.url, token: TOKEN });
    const other = await makeApp({ url: target.url, token: TOKEN });
    const member = await makeUser("Mine", "Only");
    await assign(mine.appId, "User", member.id);
    expect((await runCycle(mine.jobId)).counts.created).toBe(1);

    // Assignments in the other application: users and a group this application never had.
    const strangers = [
      await makeUser("Other", "One"),
      await makeUser("Other", "Two"),
      await makeUser("Other", "Three"),
    ];
    for (const u of strangers) await assign(other.appId, "User", u.id);
    const group = await makeGroup("Other app group", [strangers[0].id]);
    await assign(other.appId, "Group", group.id);
    expect((await planCycle({ jobId: mine.jobId })).counts.skip).toBe(0);
    const s = await runCycle(mine.jobId);
    expect(s.type).toBe("Incremental");
    expect(s.processed).toBeGreaterThanOrEqual(strangers.length); // evaluated, but not this application's
    expect(s.counts.skipped).toBe(0);
    expect(s.requests).toBe(0);
    expect(await logsOf(mine.jobId, s.cycleId)).toHaveLength(0);

    // On demand an admin asks about that very user: the answer and the log say why it is skipped.
    const r = await provisionOnDemand({ jobId: mine.jobId, objectType: "User", sourceId: strangers[1].id, actor: "t" });
    expect(r.object?.action).toBe("Skipped");
    expect(r.object?.steps.find((x) => x.step === "Scope")?.detail).toMatch(/not effectively entitled/);
    expect(await logsOf(mine.jobId, r.cycleId)).toHaveLength(1);
  });

  it("names the scoping clause that failed in a Skipped entry", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    await saveScopingFilters(
      {
        applicationId: appId,
        objectType: "User",
        filters: [{ title: "Sales only", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] }],
      },
      "test",
    );
    const legal = await makeUser("Filtered", "Out", { department: "Legal" });
    const sales = await makeUser("Filtered", "In", { department: "Sales" });
    await assign(appId, "User", legal.id);
    await assign(appId, "User", sales.id);
    const s = await runCycle(jobId);
    expect(s.counts.created).toBe(1);
    const entry = (await logsOf(jobId, s.cycleId)).find((l) => l.sourceId === legal.id)!;
    expect(entry.action).toBe("Skipped");
    const scope = entry.steps.find((x: { step: string }) => x.step === "Scope");
    expect(scope.detail).toBe(
      'Out of scope: "Sales only": clause 1 (department EQUALS "Sales") is false because department is "Legal".',
    );
    expect(entry.steps.at(-1).detail).toBe(scope.detail);
  });

  it("shows the attributes sent in the on-demand result", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Sent", "Attributes", { jobTitle: "Analyst" });
    await assign(appId, "User", u.id);
    const r = await provisionOnDemand({ jobId, objectType: "User", sourceId: u.id, actor: "t" });
    expect(r.object?.action).toBe("Create");
    const sent = Object.fromEntries((r.object?.modifiedProperties ?? []).map((p) => [p.name, p.newValue]));
    expect(sent).toMatchObject({ userName: u.upn, displayName: "Sent Attributes", title: "Analyst", active: true });
  });
});
