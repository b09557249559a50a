import type { Metadata } from "next";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { AuditEventTable } from "@/components/audit/audit-event-table";
import { parseAuditBefore } from "@/components/audit/parse-audit-before";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const { appId } = await params;
  const before = parseAuditBefore((await searchParams).before);
  const { events, nextBefore } = await listAuditEvents(appId, { before });
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Audit trail</h2>
        <p className="text-sm text-slate-600">
          Who changed this application&apos;s configuration, and when: credentials, mappings, scoping filters,
          assignments and provisioning status. Secrets are never recorded.
        </p>
      </div>
      <AuditEventTable
        events={events}
        nextBefore={nextBefore}
        before={before}
        base={`/applications/${appId}/audit`}
        emptyText="Configuration changes to this application appear here."
      />
    </div>
  );
}
