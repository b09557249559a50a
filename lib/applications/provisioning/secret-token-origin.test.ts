import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { discoverTargetSchema } from "../../mapping-config/discover-target-schema";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { provisionOnDemand } from "../../sync/cycle/provision-on-demand";
import { runCycle } from "../../sync/cycle/run-cycle";
import { assign, makeUser } from "../../sync/test-support/engine-fixtures";
import { createApplication } from "../create-application";
import { saveProvisioningConfig, type SaveProvisioningConfigInput } from "./save-provisioning-config";
import { testCredentials } from "./test-credentials";

// A saved Secret Token goes only to the scheme, host and port it was saved with. The "new host" is a real
// loopback HTTP server that records every request: on every path that would use a saved token with a blank
// token field, it must receive nothing at all (and never the token).

const TOKEN = "home-token-3b1f9d27e4";
const NEW_TOKEN = "new-host-token-8c2e";
const MESSAGE = "Enter the Secret Token again for the new host.";

type Captured = { method: string; url: string; authorization: string | undefined };
let home: SandboxServer;
let capture: http.Server;
let captureUrl = "";
const captured: Captured[] = [];

beforeAll(async () => {
  home = await startSandboxServer({ token: TOKEN });
  capture = http.createServer((req, res) => {
    captured.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    req.resume();
    // Answer like a willing SCIM server, so that a request that should not have been sent shows as success.
    res.writeHead(200, { "content-type": "application/scim+json" });
    res.end(
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 0,
        Resources: [],
      }),
    );
  });
  await new Promise<void>((resolve) => capture.listen(0, "127.0.0.1", resolve));
  captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/scim/v2`;
});

afterAll(async () => {
  capture.closeAllConnections();
  await new Promise((resolve) => capture.close(resolve));
  await home.close();
});

let mark = 0;
let typedForNewHost = false;
beforeEach(() => {
  mark = captured.length;
  typedForNewHost = false;
});
afterEach(() => {
  // Whatever a test did, the saved token never reached the new host unless an admin typed it in for it.
  if (typedForNewHost) return;
  for (const c of captured.slice(mark)) expect(c.authorization ?? "").not.toContain(TOKEN);
});

let counter = 0;
/** An application provisioning (On) to the home server with TOKEN, tested and saved, one user assigned. */
async function configuredApp() {
  const { id } = await createApplication({ templateId: "scim-2", name: `Bound token ${++counter}` }, "admin");
  const user = await makeUser("Bound", `User${counter}`);
  await assign(id, "User", user.id);
  const tested = await testCredentials({ applicationId: id, tenantUrl: home.url, secretToken: TOKEN }, "admin");
  expect(tested.ok).toBe(true);
  await saveProvisioningConfig(form(id, { enabled: true }), "admin");
  const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
  expect(job.enabled).toBe(true);
  await prisma.provisioningJob.update({ where: { id: job.id }, data: { rateLimitPerSecond: 0 } });
  return { applicationId: id, jobId: job.id, userId: user.id };
}

function form(
  applicationId: string,
  overrides: Partial<SaveProvisioningConfigInput> = {},
): SaveProvisioningConfigInput {
  return {
    applicationId,
    mode: "Automatic",
    tenantUrl: home.url,
    secretToken: TOKEN,
    notificationEmail: "",
    sendOnFailure: false,
    scope: "AssignedOnly",
    preventAccidentalDeletion: true,
    deletionThreshold: 500,
    skipOutOfScopeDeletions: false,
    enabled: false,
    ...overrides,
  };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).message).toBe(MESSAGE);
  return e as AppError;
}

/** The state a job reaches if its Tenant URL moves to another host without the token (an old row, a bug). */
async function pointAtNewHost(jobId: string) {
  await prisma.provisioningJob.update({ where: { id: jobId }, data: { tenantUrl: captureUrl } });
}

describe("a saved Secret Token never goes to a new host", () => {
  it("Test Connection with a blank token and a new host is refused and sends nothing", async () => {
    const { applicationId } = await configuredApp();
    const before = captured.length;
    const e = await refusal(testCredentials({ applicationId, tenantUrl: captureUrl, secretToken: "" }, "admin"));
    expect(e.fieldErrors?.secretToken).toBe(MESSAGE);
    expect(captured.length).toBe(before);
    // Another port on the same host is another origin too.
    const otherPort = home.url.replace(/:(\d+)\//, (_m, p: string) => `:${Number(p) + 1}/`);
    await refusal(testCredentials({ applicationId, tenantUrl: otherPort, secretToken: "" }, "admin"));
    await refusal(
      testCredentials({ applicationId, tenantUrl: home.url.replace("http://", "https://"), secretToken: "" }, "admin"),
    );
  });

  it("Save with a new host and a blank token is refused, saves nothing, and cycles keep the saved host", async () => {
    const { applicationId, jobId } = await configuredApp();
    const before = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    const audits = await prisma.auditEvent.count({ where: { applicationId } });
    for (const enabled of [true, false]) {
      const e = await refusal(
        saveProvisioningConfig(form(applicationId, { tenantUrl: captureUrl, secretToken: "", enabled }), "admin"),
      );
      expect(e.fieldErrors?.secretToken).toBe(MESSAGE);
    }
    expect(await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } })).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { applicationId } })).toBe(audits);
    const sent = captured.length;
    const summary = await runCycle(jobId, { clientOptions: { timeoutMs: 5_000, maxRetries: 0 } });
    expect(summary.status).toBe("Succeeded");
    expect(summary.counts.created).toBe(1);
    expect(captured.length).toBe(sent);
  });

  it("Provision on demand after a new host was saved sends nothing to it", async () => {
    const { applicationId, jobId, userId } = await configuredApp();
    await saveProvisioningConfig(
      form(applicationId, { tenantUrl: captureUrl, secretToken: "", enabled: true }),
      "admin",
    ).catch(() => undefined);
    const sent = captured.length;
    const r = await provisionOnDemand({ jobId, objectType: "User", sourceId: userId, actor: "admin" });
    expect(captured.length).toBe(sent);
    expect(r.status).toBe("Succeeded"); // to the saved host, which the token belongs to

    await pointAtNewHost(jobId);
    await refusal(provisionOnDemand({ jobId, objectType: "User", sourceId: userId, actor: "admin" }));
    expect(captured.length).toBe(sent);
  });

  it("schema discovery with the token bound to another host is refused and sends nothing", async () => {
    const { applicationId, jobId } = await configuredApp();
    await pointAtNewHost(jobId);
    const sent = captured.length;
    await refusal(discoverTargetSchema({ applicationId, objectType: "User" }, "admin"));
    expect(captured.length).toBe(sent);
  });

  it("a cycle with the token bound to another host sends nothing and quarantines the job with the reason", async () => {
    const { jobId } = await configuredApp();
    await pointAtNewHost(jobId);
    const sent = captured.length;
    const summary = await runCycle(jobId, { clientOptions: { timeoutMs: 5_000, maxRetries: 0 } });
    expect(captured.length).toBe(sent);
    expect(summary).toMatchObject({ status: "Quarantined", requests: 0, error: MESSAGE });
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "Quarantine", quarantineReason: "TokenNotBound" });
    expect(job.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: summary.cycleId } });
    expect(cycle).toMatchObject({ status: "Quarantined", error: MESSAGE, requests: 0 });
  });

  it("the same host keeps the saved token when the field is blank", async () => {
    const { applicationId, jobId } = await configuredApp();
    const samePath = `${home.url}/`; // another Tenant URL on the same scheme, host and port
    const r = await testCredentials({ applicationId, tenantUrl: samePath, secretToken: "" }, "admin");
    expect(r.ok).toBe(true);
    const view = await saveProvisioningConfig(
      form(applicationId, { tenantUrl: samePath, secretToken: "", enabled: true }),
      "admin",
    );
    expect(view).toMatchObject({ tenantUrl: samePath, hasSecretToken: true, enabled: true });
    const summary = await runCycle(jobId, { clientOptions: { timeoutMs: 5_000, maxRetries: 0 } });
    expect(summary.status).toBe("Succeeded");
  });

  it("a new host with a new token works, and the audit names both origins, never a token", async () => {
    const { applicationId, jobId } = await configuredApp();
    const start = captured.length;
    const r = await testCredentials({ applicationId, tenantUrl: captureUrl, secretToken: NEW_TOKEN }, "admin");
    expect(r.ok).toBe(true);
    await saveProvisioningConfig(
      form(applicationId, { tenantUrl: captureUrl, secretToken: NEW_TOKEN, enabled: true }),
      "admin",
    );
    // From now on the blank field means the new token, for the new host.
    expect((await testCredentials({ applicationId, tenantUrl: captureUrl, secretToken: "" }, "admin")).ok).toBe(true);
    const seen = captured.slice(start).map((c) => c.authorization);
    expect(seen.length).toBe(2);
    expect(seen.every((a) => a === `Bearer ${NEW_TOKEN}`)).toBe(true);
    // ...and the new token never goes back to the old host with a blank field either.
    await refusal(testCredentials({ applicationId, tenantUrl: home.url, secretToken: "" }, "admin"));

    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { applicationId, action: "provisioning.credentials.updated" },
      orderBy: { id: "desc" },
    });
    const details = JSON.parse(event.details!);
    expect(details).toMatchObject({
      tokenChanged: true,
      origin: { from: new URL(home.url).origin, to: new URL(captureUrl).origin },
    });
    const all = JSON.stringify(await prisma.auditEvent.findMany({ where: { applicationId } }));
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(NEW_TOKEN);
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.tenantUrl).toBe(captureUrl);
  });

  it("entering the same token again for a new host binds it to the new host", async () => {
    const { applicationId } = await configuredApp();
    typedForNewHost = true;
    await saveProvisioningConfig(form(applicationId, { tenantUrl: captureUrl, secretToken: TOKEN }), "admin");
    const start = captured.length;
    // The admin chose to send this token to the new host by typing it; the blank field now means that.
    const r = await testCredentials({ applicationId, tenantUrl: captureUrl, secretToken: "" }, "admin");
    expect(r.ok).toBe(true);
    expect(captured.slice(start).map((c) => c.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });
});
