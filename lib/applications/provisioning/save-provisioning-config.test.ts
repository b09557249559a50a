import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/prisma";
import { decryptSecret } from "../../secrets/secret-box";
import { createApplication } from "../create-application";
import { getProvisioningConfig } from "./get-provisioning-config";
import { saveProvisioningConfig, type SaveProvisioningConfigInput } from "./save-provisioning-config";
import { testCredentials } from "./test-credentials";

// A small real SCIM endpoint: answers the Test Connection query with a ListResponse for GOOD_TOKEN.
const GOOD_TOKEN = "good-token-7f3a9c1e";
const OTHER_GOOD_TOKEN = "other-good-token-55b2";
let server: http.Server;
let tenantUrl = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${GOOD_TOKEN}` && auth !== `Bearer ${OTHER_GOOD_TOKEN}`) {
      res.writeHead(401, { "content-type": "application/scim+json" });
      return res.end(
        JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: "401",
          detail: "Unauthorized",
        }),
      );
    }
    res.writeHead(200, { "content-type": "application/scim+json" });
    res.end(
      JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 0,
        Resources: [],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  tenantUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/scim/v2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let counter = 0;
async function newApp() {
  const { id } = await createApplication({ templateId: "zscaler-two", name: `Zscaler Two ${++counter}` }, "admin");
  return id;
}

function form(
  applicationId: string,
  overrides: Partial<SaveProvisioningConfigInput> = {},
): SaveProvisioningConfigInput {
  return {
    applicationId,
    mode: "Automatic",
    tenantUrl,
    secretToken: GOOD_TOKEN,
    notificationEmail: "ops@contoso.com",
    sendOnFailure: true,
    scope: "AssignedOnly",
    preventAccidentalDeletion: true,
    deletionThreshold: "25",
    skipOutOfScopeDeletions: false,
    enabled: false,
    ...overrides,
  };
}

async function snapshot(applicationId: string) {
  const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId } });
  const audits = await prisma.auditEvent.count({ where: { applicationId } });
  return { job, audits };
}

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (e) {
    const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    if (issues) return Object.fromEntries(issues.map((i) => [i.path.join("."), i.message]));
    const fieldErrors = (e as { fieldErrors?: Record<string, string> }).fieldErrors;
    if (fieldErrors) return fieldErrors;
    throw e;
  }
  throw new Error("expected the save to be refused");
}

describe("saveProvisioningConfig", () => {
  it("saves everything, encrypts the token at rest and never returns it", async () => {
    const id = await newApp();
    const view = await saveProvisioningConfig(form(id), "admin");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job).toMatchObject({
      mode: "Automatic",
      tenantUrl,
      notificationEmail: "ops@contoso.com",
      sendOnFailure: true,
      deletionThreshold: 25,
      status: "NotRun",
      enabled: false,
    });
    expect(job.secretTokenEnc).toMatch(/^v1:/);
    expect(job.secretTokenEnc).not.toContain(GOOD_TOKEN);
    expect(decryptSecret(job.secretTokenEnc!)).toBe(GOOD_TOKEN);
    expect(view.hasSecretToken).toBe(true);
    expect(JSON.stringify(view)).not.toContain(GOOD_TOKEN);
    expect(JSON.stringify(await getProvisioningConfig(id))).not.toContain(GOOD_TOKEN);
  });

  it("keeps the saved token when the token field is left blank", async () => {
    const id = await newApp();
    await saveProvisioningConfig(form(id), "admin");
    await saveProvisioningConfig(form(id, { secretToken: "", notificationEmail: "other@contoso.com" }), "admin");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(decryptSecret(job.secretTokenEnc!)).toBe(GOOD_TOKEN);
    expect(job.notificationEmail).toBe("other@contoso.com");
  });

  const badInputs: [string, Partial<SaveProvisioningConfigInput>, string][] = [
    ["a tenant URL that is not http(s)", { tenantUrl: "ftp://x" }, "tenantUrl"],
    ["a tenant URL with spaces", { tenantUrl: "http://exa mple.com" }, "tenantUrl"],
    ["an invalid email", { notificationEmail: "not-an-email" }, "notificationEmail"],
    ["a non-numeric threshold", { deletionThreshold: "abc" }, "deletionThreshold"],
    ["a zero threshold", { deletionThreshold: "0" }, "deletionThreshold"],
    ["a fractional threshold", { deletionThreshold: "2.5" }, "deletionThreshold"],
    ["an empty threshold", { deletionThreshold: "" }, "deletionThreshold"],
    ["failure emails without an address", { notificationEmail: "", sendOnFailure: true }, "notificationEmail"],
    ["a token with spaces", { secretToken: "has spaces in it" }, "secretToken"],
  ];
  for (const [label, overrides, field] of badInputs) {
    it(`saves nothing on ${label}`, async () => {
      const id = await newApp();
      await saveProvisioningConfig(
        form(id, { notificationEmail: "first@contoso.com", deletionThreshold: "40" }),
        "admin",
      );
      const before = await snapshot(id);
      // Every other field changes too, so a partial save would show.
      const errors = await fieldErrorsOf(
        saveProvisioningConfig(
          form(id, {
            secretToken: OTHER_GOOD_TOKEN,
            scope: "All",
            skipOutOfScopeDeletions: true,
            notificationEmail: "second@contoso.com",
            deletionThreshold: "99",
            ...overrides,
          }),
          "admin",
        ),
      );
      expect(errors[field]).toBeTruthy();
      expect(await snapshot(id)).toEqual(before);
    });
  }

  it("refuses to turn provisioning On until Test Connection passed with the saved credentials", async () => {
    const id = await newApp();
    await saveProvisioningConfig(form(id), "admin");
    const before = await snapshot(id);
    const errors = await fieldErrorsOf(
      saveProvisioningConfig(form(id, { secretToken: "", enabled: true, scope: "All" }), "admin"),
    );
    expect(errors.enabled).toMatch(/Test Connection/);
    expect(await snapshot(id)).toEqual(before);

    // A failing test does not unlock it either.
    await saveProvisioningConfig(form(id, { secretToken: "wrong-token-123" }), "admin");
    const failed = await testCredentials({ applicationId: id, tenantUrl, secretToken: "" }, "admin");
    expect(failed).toMatchObject({ ok: false, kind: "Unauthorized", status: 401, matchesSavedCredentials: true });
    await expect(saveProvisioningConfig(form(id, { secretToken: "", enabled: true }), "admin")).rejects.toThrow(
      /Test Connection/,
    );

    await saveProvisioningConfig(form(id, { secretToken: GOOD_TOKEN }), "admin");
    const passed = await testCredentials({ applicationId: id, tenantUrl, secretToken: "" }, "admin");
    expect(passed).toMatchObject({ ok: true, matchesSavedCredentials: true });
    const started = Date.now();
    const view = await saveProvisioningConfig(form(id, { secretToken: "", enabled: true }), "admin");
    expect(view.enabled).toBe(true);
    expect(view.checklist.items.find((i) => i.key === "status")?.state).toBe("done");
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job.enabled).toBe(true);
    expect(job.status).toBe("NotRun");
    expect(job.nextRunAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
  });

  it("counts a test of unsaved values once exactly those values are saved", async () => {
    const id = await newApp();
    // Test what is in the form before anything is saved, then save it with status On in one go.
    const tested = await testCredentials({ applicationId: id, tenantUrl, secretToken: GOOD_TOKEN }, "admin");
    expect(tested).toMatchObject({ ok: true, matchesSavedCredentials: false });
    const view = await saveProvisioningConfig(form(id, { enabled: true }), "admin");
    expect(view.enabled).toBe(true);
    expect(view.credentialsTest.passedForSavedCredentials).toBe(true);
  });

  it("refuses On when the saved values differ from the tested ones", async () => {
    const id = await newApp();
    await testCredentials({ applicationId: id, tenantUrl, secretToken: GOOD_TOKEN }, "admin");
    const errors = await fieldErrorsOf(
      saveProvisioningConfig(form(id, { secretToken: OTHER_GOOD_TOKEN, enabled: true }), "admin"),
    );
    expect(errors.enabled).toMatch(/exact credentials/);
    expect(
      (await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } })).secretTokenEnc,
    ).toBeNull();
  });

  it("resets credentialsTestOk when the URL or the token changes", async () => {
    const id = await newApp();
    await saveProvisioningConfig(form(id), "admin");
    await testCredentials({ applicationId: id, tenantUrl, secretToken: "" }, "admin");
    const ok = await getProvisioningConfig(id);
    expect(ok.credentialsTest.passedForSavedCredentials).toBe(true);

    await saveProvisioningConfig(form(id, { secretToken: OTHER_GOOD_TOKEN }), "admin");
    let job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job.credentialsTestOk).toBe(false);
    expect((await getProvisioningConfig(id)).credentialsTest.passedForSavedCredentials).toBe(false);

    await testCredentials({ applicationId: id, tenantUrl, secretToken: "" }, "admin");
    expect((await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } })).credentialsTestOk).toBe(
      true,
    );
    await saveProvisioningConfig(form(id, { secretToken: "", tenantUrl: `${tenantUrl}/` }), "admin");
    job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job.credentialsTestOk).toBe(false);
    expect(job.credentialsTestFingerprint).toBeNull();

    // Saving other sections with the same credentials keeps a passed test.
    await testCredentials({ applicationId: id, tenantUrl: `${tenantUrl}/`, secretToken: "" }, "admin");
    await saveProvisioningConfig(form(id, { secretToken: "", tenantUrl: `${tenantUrl}/`, scope: "All" }), "admin");
    expect((await getProvisioningConfig(id)).credentialsTest.passedForSavedCredentials).toBe(true);
  });

  it("keeps the job NotConfigured until Automatic with credentials, and never returns to Manual", async () => {
    const id = await newApp();
    await saveProvisioningConfig(form(id, { mode: "Manual", tenantUrl: "", secretToken: "" }), "admin");
    expect((await getProvisioningConfig(id)).status).toBe("NotConfigured");
    await saveProvisioningConfig(form(id, { tenantUrl: "", secretToken: "" }), "admin");
    let view = await getProvisioningConfig(id);
    expect(view).toMatchObject({ mode: "Automatic", status: "NotConfigured" });
    view = await saveProvisioningConfig(form(id), "admin");
    expect(view.status).toBe("NotRun");
    const errors = await fieldErrorsOf(saveProvisioningConfig(form(id, { mode: "Manual" }), "admin"));
    expect(errors.mode).toMatch(/cannot go back to Manual/);
    expect((await getProvisioningConfig(id)).mode).toBe("Automatic");
  });

  it("pauses a job that has run when status turns Off, and resumes it when On", async () => {
    const id = await newApp();
    await testCredentials({ applicationId: id, tenantUrl, secretToken: GOOD_TOKEN }, "admin");
    await saveProvisioningConfig(form(id, { enabled: true }), "admin");
    await prisma.provisioningJob.update({ where: { applicationId: id }, data: { status: "Active" } }); // as the engine would
    let view = await saveProvisioningConfig(form(id, { secretToken: "", enabled: false }), "admin");
    expect(view).toMatchObject({ enabled: false, status: "Paused" });
    view = await saveProvisioningConfig(form(id, { secretToken: "", enabled: true }), "admin");
    expect(view).toMatchObject({ enabled: true, status: "Active" });
  });

  it("records audit events per section, without the token", async () => {
    const id = await newApp();
    await testCredentials({ applicationId: id, tenantUrl, secretToken: GOOD_TOKEN }, "admin");
    await saveProvisioningConfig(form(id, { enabled: true, scope: "All", deletionThreshold: 7 }), "admin");
    const events = await prisma.auditEvent.findMany({ where: { applicationId: id }, orderBy: { id: "asc" } });
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "provisioning.credentials.tested",
        "provisioning.mode.updated",
        "provisioning.credentials.updated",
        "provisioning.notification.updated",
        "provisioning.settings.updated",
        "provisioning.status.updated",
      ]),
    );
    const credentials = events.find((e) => e.action === "provisioning.credentials.updated");
    expect(JSON.parse(credentials!.details!)).toMatchObject({ tokenChanged: true, tenantUrl });
    const settings = JSON.parse(events.find((e) => e.action === "provisioning.settings.updated")!.details!);
    expect(settings).toMatchObject({
      scope: { from: "AssignedOnly", to: "All" },
      deletionThreshold: { from: 500, to: 7 },
    });
    for (const e of events) expect(e.details ?? "").not.toContain(GOOD_TOKEN);

    // Nothing changed: no new events.
    const count = events.length;
    await saveProvisioningConfig(
      form(id, { secretToken: GOOD_TOKEN, enabled: true, scope: "All", deletionThreshold: 7 }),
      "admin",
    );
    expect(await prisma.auditEvent.count({ where: { applicationId: id } })).toBe(count);
  });

  it("asks for the token again when the saved one cannot be decrypted", async () => {
    const id = await newApp();
    await saveProvisioningConfig(form(id), "admin");
    await prisma.provisioningJob.update({
      where: { applicationId: id },
      data: { secretTokenEnc: "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==:AAAA" },
    });
    const view = await getProvisioningConfig(id);
    expect(view).toMatchObject({ hasSecretToken: true, secretTokenUnreadable: true });
    const errors = await fieldErrorsOf(testCredentials({ applicationId: id, tenantUrl, secretToken: "" }, "admin"));
    expect(errors.secretToken).toMatch(/Enter the token again/);
    // Entering it again works.
    await testCredentials({ applicationId: id, tenantUrl, secretToken: GOOD_TOKEN }, "admin");
    expect((await saveProvisioningConfig(form(id, { enabled: true }), "admin")).secretTokenUnreadable).toBe(false);
  });

  it("refuses an unknown application", async () => {
    await expect(saveProvisioningConfig(form("no-such-app"), "admin")).rejects.toThrow(/does not exist/);
  });
});

describe("testCredentials", () => {
  it("refuses a bad URL inline without recording anything", async () => {
    const id = await newApp();
    const before = await snapshot(id);
    for (const url of ["ftp://x", "http://exa mple.com"]) {
      const errors = await fieldErrorsOf(
        testCredentials({ applicationId: id, tenantUrl: url, secretToken: GOOD_TOKEN }, "admin"),
      );
      expect(errors.tenantUrl).toBeTruthy();
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("asks for a token when none is entered or saved", async () => {
    const id = await newApp();
    const errors = await fieldErrorsOf(testCredentials({ applicationId: id, tenantUrl, secretToken: "" }, "admin"));
    expect(errors.secretToken).toMatch(/Enter the Secret Token/);
  });

  it("records the failure with kind and status, never the token", async () => {
    const id = await newApp();
    const wrong = "wrong-token-abcdef";
    const result = await testCredentials({ applicationId: id, tenantUrl, secretToken: wrong }, "admin");
    expect(result).toMatchObject({ ok: false, kind: "Unauthorized", status: 401, title: "Unauthorized (HTTP 401)" });
    const job = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: id } });
    expect(job.credentialsTestOk).toBe(false);
    expect(job.credentialsTestMsg).toMatch(/401/);
    const all = JSON.stringify({
      result,
      job: { ...job, secretTokenEnc: null },
      events: await prisma.auditEvent.findMany({ where: { applicationId: id } }),
    });
    expect(all).not.toContain(wrong);
  });
});
