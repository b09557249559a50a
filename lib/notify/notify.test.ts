import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { prisma } from "../db/prisma";
import { makeCycle, makeLogApp } from "../logs/test-support/log-fixtures";
import { configureMail } from "./mail-settings";
import { notifyJobFailure } from "./notify-job-failure";
import { sendTestEmail } from "./send-test-email";
import { listOutboxMessages } from "./list-outbox-messages";

type Received = { rcptTo: string[]; mailFrom: string; raw: string; subject: string; body: string };

/** Headers unfolded, body decoded from quoted-printable if needed. */
function parseMessage(raw: string): { subject: string; body: string } {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    body = body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? "";
  return { subject, body };
}

const received: Received[] = [];
let server: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          raw,
          ...parseMessage(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  smtpUrl = `smtp://127.0.0.1:${port}`;
});

afterAll(async () => {
  configureMail(null);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  configureMail({ smtpUrl, from: "Provisio <noreply@provisio.test>", baseUrl: "https://provisio.example.test" });
});

async function appWithNotifications(email = "ops@contoso.test", sendOnFailure = true) {
  const app = await makeLogApp();
  await prisma.provisioningJob.update({ where: { id: app.jobId }, data: { notificationEmail: email, sendOnFailure } });
  const name = (await prisma.application.findUniqueOrThrow({ where: { id: app.appId } })).name;
  return { ...app, name };
}

async function quarantine(jobId: string, reason: string, since = new Date()) {
  await prisma.provisioningJob.update({
    where: { id: jobId },
    data: { status: "Quarantine", quarantineReason: reason, quarantineSince: since },
  });
}

describe("notifyJobFailure over a real SMTP server", () => {
  it("sends a quarantine notice to the job's address with the app in the subject and a link to the cycle's log entries", async () => {
    const { jobId, appId, name } = await appWithNotifications();
    const cycle = await makeCycle(jobId, { status: "Quarantined" });
    await quarantine(jobId, "InvalidCredentials");
    const r = await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials", cycleId: cycle.id });
    expect(r).toMatchObject({ sent: true, delivery: "Sent" });
    expect(received).toHaveLength(1);
    const m = received[0]!;
    expect(m.rcptTo).toEqual(["ops@contoso.test"]);
    expect(m.mailFrom).toBe("noreply@provisio.test");
    expect(m.subject).toBe(`Provisio: ${name} provisioning is in quarantine`);
    expect(m.body).toContain("rejected the Secret Token");
    expect(m.body).toContain(`https://provisio.example.test/applications/${appId}/logs?cycle=${cycle.id}`);
    const outbox = await prisma.outboxMessage.findFirstOrThrow({ where: { applicationId: appId } });
    expect(outbox).toMatchObject({ delivery: "Sent", to: "ops@contoso.test", kind: "Quarantine" });
  });

  it("announces a quarantine once per reason, again when the reason changes, and again for a new quarantine", async () => {
    const { jobId } = await appWithNotifications();
    const since = new Date(Date.now() - 60_000);
    await quarantine(jobId, "InvalidCredentials", since);
    expect((await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" })).sent).toBe(true);
    // Retries in the same quarantine with the same reason: no new email.
    expect(await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" })).toEqual({
      sent: false,
      why: "AlreadyNotified",
    });
    expect(await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" })).toEqual({
      sent: false,
      why: "AlreadyNotified",
    });
    expect(received).toHaveLength(1);
    // The reason changes: a new email.
    await quarantine(jobId, "TargetUnreachable", since);
    expect((await notifyJobFailure({ jobId, kind: "Quarantine", reason: "TargetUnreachable" })).sent).toBe(true);
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toContain("kept failing");
    // Leaves quarantine (restart), then a new quarantine with the first reason: a new email.
    await quarantine(jobId, "InvalidCredentials", new Date());
    expect((await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" })).sent).toBe(true);
    expect(received).toHaveLength(3);
  });

  it("deletion threshold and failed cycles: clear subjects; a repeated failure is announced again only after a success", async () => {
    const { jobId, name } = await appWithNotifications();
    await quarantine(jobId, "TooManyDeletes");
    await notifyJobFailure({ jobId, kind: "TooManyDeletes", reason: "612 disables and deletes held (threshold 500)" });
    expect(received[0]!.subject).toBe(`Provisio: ${name} provisioning stopped by the accidental deletion threshold`);
    expect(received[0]!.body).toContain("Allow deletes");

    await prisma.provisioningJob.update({
      where: { id: jobId },
      data: { status: "Active", quarantineReason: null, quarantineSince: null },
    });
    const failed = await makeCycle(jobId, { status: "Failed", endedAt: new Date() });
    await notifyJobFailure({ jobId, kind: "CycleFailed", reason: "database is locked", cycleId: failed.id });
    expect(received[1]!.subject).toBe(`Provisio: ${name} provisioning cycle failed`);
    expect(received[1]!.body).toContain("Reason: database is locked");
    expect((await notifyJobFailure({ jobId, kind: "CycleFailed", reason: "database is locked" })).sent).toBe(false);
    await makeCycle(jobId, { status: "Succeeded", endedAt: new Date(Date.now() + 1000) });
    expect((await notifyJobFailure({ jobId, kind: "CycleFailed", reason: "database is locked" })).sent).toBe(true);
    expect(received).toHaveLength(3);
  });

  it("sends nothing when 'send on failure' is off or there is no address", async () => {
    const off = await appWithNotifications("ops@contoso.test", false);
    await quarantine(off.jobId, "InvalidCredentials");
    expect(await notifyJobFailure({ jobId: off.jobId, kind: "Quarantine", reason: "InvalidCredentials" })).toEqual({
      sent: false,
      why: "NotConfigured",
    });
    const noAddress = await appWithNotifications("", true);
    expect(await notifyJobFailure({ jobId: noAddress.jobId, kind: "CycleFailed", reason: "x" })).toEqual({
      sent: false,
      why: "NotConfigured",
    });
    expect(received).toHaveLength(0);
  });

  it("an SMTP failure is recorded (without the password) and the notice is retried next time", async () => {
    const { jobId, appId } = await appWithNotifications();
    configureMail({ smtpUrl: "smtp://mailer:s3cretPass@127.0.0.1:1", baseUrl: "https://provisio.example.test" });
    await quarantine(jobId, "InvalidCredentials");
    const r = await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" });
    expect(r).toMatchObject({ sent: true, delivery: "Failed" });
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { applicationId: appId } });
    expect(row.delivery).toBe("Failed");
    expect(row.error).toBeTruthy();
    expect(row.error).not.toContain("s3cretPass");
    configureMail({ smtpUrl, baseUrl: "https://provisio.example.test" });
    expect((await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" })).sent).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("sends a test email to the typed address, or the saved one", async () => {
    const { appId, name } = await appWithNotifications("saved@contoso.test");
    await sendTestEmail({ applicationId: appId, to: "typed@contoso.test" });
    await sendTestEmail({ applicationId: appId });
    expect(received.map((m) => m.rcptTo[0])).toEqual(["typed@contoso.test", "saved@contoso.test"]);
    expect(received[0]!.subject).toBe(`Provisio: test notification for ${name}`);
    expect(received[0]!.body).toContain(`https://provisio.example.test/applications/${appId}/logs`);
    await expect(sendTestEmail({ applicationId: appId, to: "not an address" })).rejects.toThrow();
  });
});

describe("outbox fallback without SMTP", () => {
  it("keeps messages in the outbox table and lists them newest first", async () => {
    configureMail({ smtpUrl: null, baseUrl: "https://provisio.example.test" });
    const { jobId, appId, name } = await appWithNotifications("outbox@contoso.test");
    await quarantine(jobId, "InvalidCredentials");
    const r = await notifyJobFailure({ jobId, kind: "Quarantine", reason: "InvalidCredentials" });
    expect(r).toMatchObject({ sent: true, delivery: "Outbox" });
    await sendTestEmail({ applicationId: appId });
    expect(received).toHaveLength(0);
    const { messages } = await listOutboxMessages();
    const mine = messages.filter((m) => m.applicationId === appId);
    expect(mine.map((m) => m.kind)).toEqual(["Test", "Quarantine"]);
    expect(mine[1]).toMatchObject({ to: "outbox@contoso.test", delivery: "Outbox", applicationName: name });
    expect(mine[1]!.text).toContain(`/applications/${appId}/logs`);
  });
});
