import type { Metadata } from "next";
import { z } from "zod";
import { listOutboxMessages } from "@/lib/notify/list-outbox-messages";
import { mailSettings } from "@/lib/notify/mail-settings";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { LinkButton } from "@/components/ui/button";
import { OutboxMessageList } from "@/components/notify/outbox-message-list";
import { OutboxTestEmailForm } from "@/components/notify/outbox-test-email-form";
import { prisma } from "@/lib/db/prisma";
import { canCurrentUserChange } from "@/app/_lib/can-change";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Email outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const before = z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .catch(undefined)
    .parse((await searchParams).before);
  const { messages, nextBefore } = await listOutboxMessages({ before });
  const smtp = mailSettings().smtpUrl !== null;
  const canChange = await canCurrentUserChange();
  const applications = (
    await prisma.application.findMany({
      select: { id: true, name: true, job: { select: { notificationEmail: true } } },
      orderBy: { name: "asc" },
    })
  ).map((a) => ({
    id: a.id,
    name: a.name,
    notificationEmail: a.job?.notificationEmail ?? null,
  }));
  return (
    <div className="max-w-4xl space-y-4">
      <PageHeader
        title="Email outbox"
        description="Every notification Provisio has sent or would send: quarantines, deletion-threshold stops, failed cycles and test emails."
      />
      {smtp ? (
        <Alert tone="info" title="SMTP is configured">
          Notifications are delivered over SMTP (SMTP_URL); this page keeps a copy of each, with its delivery result.
        </Alert>
      ) : (
        <Alert tone="info" title="SMTP is not configured">
          Messages stay here instead of being emailed. Set SMTP_URL (for example
          smtp://user:password@mail.example.com:587) and SMTP_FROM to deliver them.
        </Alert>
      )}
      {/* Sending a test email is a change (it writes the outbox and may send mail): Administrators only. */}
      {canChange ? (
        <section aria-labelledby="test-email-heading" className="space-y-2">
          <h2 id="test-email-heading" className="text-sm font-semibold text-slate-900">
            Send a test email
          </h2>
          <OutboxTestEmailForm applications={applications} />
        </section>
      ) : null}
      {messages.length === 0 ? (
        <EmptyState title={before ? "No older messages" : "No messages yet"}>
          {canChange
            ? "Send a test email from an application's Provisioning page (Notification Email), or wait for a failure notice."
            : "Failure notices and test emails appear here."}
        </EmptyState>
      ) : (
        <OutboxMessageList messages={messages} />
      )}
      <div className="flex justify-center gap-2">
        {before ? <LinkButton href="/outbox">Newest messages</LinkButton> : null}
        {nextBefore ? <LinkButton href={`/outbox?before=${nextBefore}`}>Older messages</LinkButton> : null}
      </div>
    </div>
  );
}
