import type { Metadata } from "next";
import { LogsPageBody } from "@/components/logs/logs-page-body";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Provisioning logs" };

export default async function ApplicationLogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ appId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { appId } = await params;
  return (
    <div className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Provisioning logs</h2>
        <p className="text-sm text-slate-600">
          Every user and group this application&apos;s cycles processed. Select an entry for its steps, troubleshooting
          advice and changed attributes.
        </p>
      </div>
      <LogsPageBody searchParams={await searchParams} basePath={`/applications/${appId}/logs`} applicationId={appId} />
    </div>
  );
}
