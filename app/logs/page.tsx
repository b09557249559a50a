import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { LogsPageBody } from "@/components/logs/logs-page-body";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Provisioning logs" };

export default async function AllLogsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return (
    <div className="max-w-6xl">
      <PageHeader
        title="Provisioning logs"
        description="Every object each provisioning cycle processed, across all applications: what was done, and why. Select an entry for its steps, troubleshooting advice and changed attributes."
      />
      <LogsPageBody searchParams={await searchParams} basePath="/logs" />
    </div>
  );
}
