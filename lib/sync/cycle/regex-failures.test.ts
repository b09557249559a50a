import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { runCycle } from "./run-cycle";
import { assign, logsOf, makeApp, makeUser } from "../test-support/engine-fixtures";

// A regular expression that cannot be applied to one object (its value is longer than regular expressions
// are applied to) fails that object, with the reason in its log entry; the others are provisioned.

const TOKEN = "regex-failure-token";
let target: SandboxServer;

beforeAll(async () => {
  target = await startSandboxServer({ token: TOKEN });
});
afterAll(async () => {
  await target.close();
});

describe("a regex that cannot be applied fails one object, not the cycle", () => {
  it("in a mapping: Replace on a value over the limit", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    // Ten copies of the street address: 10,240 characters for a full one, more than Replace takes.
    const joined = `Join("", ${Array.from({ length: 10 }, () => "[streetAddress]").join(", ")})`;
    await prisma.attributeMapping.updateMany({
      where: { jobId, objectType: "User", target: "title" },
      data: { mappingType: "Expression", source: `Replace(${joined}, , "x+", , "y", , )` },
    });
    const long = await makeUser("Long", "Address", { streetAddress: "x".repeat(1024) });
    const short = await makeUser("Short", "Address", { streetAddress: "1 Main St" });
    await assign(appId, "User", long.id);
    await assign(appId, "User", short.id);

    const summary = await runCycle(jobId);
    expect(summary.counts.created).toBe(1);
    expect(summary.counts.failed).toBe(1);
    expect(target.store.findUserByUserName(short.upn)).toBeDefined();
    expect(target.store.findUserByUserName(long.upn)).toBeUndefined();
    const failure = (await logsOf(jobId, summary.cycleId)).find((l) => l.sourceId === long.id)!;
    expect(failure.status).toBe("Failure");
    expect(failure.errorCode).toBe("MappingError");
    expect(failure.errorDetail).toMatch(/title: Replace: the value is 10,240 characters long; .* at most 10,000/);
  });

  it("in a scoping filter: REGEX MATCH on a value over the limit fails the object and never disables it", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const odd = await makeUser("Odd", "Department");
    const marketing = await makeUser("Plain", "Department", { department: "Marketing" });
    await assign(appId, "User", odd.id);
    await assign(appId, "User", marketing.id);
    const first = await runCycle(jobId);
    expect(first.counts.created).toBe(2);

    // Written past the directory's own checks, as another tool writing to the database might.
    await prisma.directoryUser.update({ where: { id: odd.id }, data: { department: "S" + "a".repeat(20_000) } });
    await prisma.scopingFilter.create({
      data: {
        jobId,
        objectType: "User",
        clauses: { create: [{ attribute: "department", operator: "REGEX MATCH", value: "S.*" }] },
      },
    });
    await prisma.provisioningJob.update({ where: { id: jobId }, data: { fullSyncRequired: true } });

    const second = await runCycle(jobId);
    expect(second.counts.failed).toBe(1);
    // The other user is evaluated as usual: out of scope of "S.*", so disabled.
    expect(second.counts.disabled).toBe(1);
    expect(target.store.findUserByUserName(marketing.upn)?.active).toBe(false);
    expect(target.store.findUserByUserName(odd.upn)?.active).toBe(true);
    const logs = await logsOf(jobId, second.cycleId);
    const failure = logs.find((l) => l.sourceId === odd.id)!;
    expect(failure.status).toBe("Failure");
    expect(failure.errorCode).toBe("ScopingError");
    expect(failure.errorDetail).toContain("REGEX MATCH on department: the value is 20,001 characters long");
    expect(failure.steps.find((s: { step: string }) => s.step === "Scope").status).toBe("Failure");
  });

  it("a filter saved before patterns were checked for RE2 fails its objects with the reason, sending nothing", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const user = await makeUser("Look", "Ahead");
    await assign(appId, "User", user.id);
    // Lookahead: JavaScript's RegExp took it, RE2 has none. Written directly, as an older version saved it.
    await prisma.scopingFilter.create({
      data: {
        jobId,
        objectType: "User",
        clauses: { create: [{ attribute: "department", operator: "REGEX MATCH", value: "(?!Marketing).*" }] },
      },
    });
    const summary = await runCycle(jobId);
    expect(summary.counts).toMatchObject({ created: 0, failed: 1 });
    expect(target.store.findUserByUserName(user.upn)).toBeUndefined();
    const [entry] = await logsOf(jobId, summary.cycleId);
    expect(entry.errorCode).toBe("ScopingError");
    expect(entry.errorDetail).toContain(
      'the scoping filter on department has an invalid regular expression "(?!Marketing).*": lookahead',
    );
    expect(entry.errorDetail).toContain("Edit the scoping filter.");
  });
});
