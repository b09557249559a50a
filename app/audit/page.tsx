import type { Metadata } from "next";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { PageHeader } from "@/components/ui/page-header";
import { AuditEventTable } from "@/components/audit/audit-event-table";
import { parseAuditBefore } from "@/components/audit/parse-audit-before";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

/** The audit trail of changes that belong to no application: the directory, sources, people, API tokens. */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const before = parseAuditBefore((await searchParams).before);
  const { events, nextBefore } = await listAuditEvents(null, { before });
  return (
    <div className="max-w-6xl space-y-4">
      <PageHeader
        title="Audit log"
        description="Who changed what outside applications, and when: directory users and groups, imports, sources and their tokens, people and roles, API tokens and the sandbox. Each application's own changes are on its Audit trail tab. Secrets are never recorded."
      />
      <AuditEventTable
        events={events}
        nextBefore={nextBefore}
        before={before}
        base="/audit"
        emptyText="Changes to the directory, sources, people and API tokens appear here."
      />
    </div>
  );
}
