import type { Metadata } from "next";
import { exportConfiguration } from "@/lib/config-as-code/export-configuration";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { Card } from "@/components/ui/card";
import { ApplyConfigurationForm } from "@/components/applications/apply-configuration-form";
import { applyConfigurationAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Configuration" };

function fileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug || "application"}.provisio.json`;
}

export default async function ConfigurationPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const [doc, canChange] = await Promise.all([exportConfiguration(appId), canCurrentUserChange()]);
  const counts = [
    `${doc.mappings.users.length} user and ${doc.mappings.groups.length} group mappings`,
    `${doc.scopingFilters.users.length + doc.scopingFilters.groups.length} scoping filters`,
    `${doc.assignments.users.length} users and ${doc.assignments.groups.length} groups assigned`,
  ];
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Configuration as code</h2>
        <p className="max-w-3xl text-sm text-slate-600">
          This application&apos;s whole configuration as one JSON document: template, provisioning settings, attribute
          mappings, target attribute lists, scoping filters and assignments (users by userPrincipalName, groups by
          name). The Secret Token is never in it. The same document works with{" "}
          <code className="text-xs">provisio apply</code> and the REST API.
        </p>
      </div>
      <Card title="Export" description={counts.join(" · ")}>
        <a
          href={`/api/v1/applications/${appId}/configuration`}
          download={fileName(doc.application.name)}
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        >
          Download configuration
        </a>
      </Card>
      {canChange ? (
        <ApplyConfigurationForm applicationId={appId} action={applyConfigurationAction} />
      ) : (
        <Card title="Apply">
          <p className="text-sm text-slate-600">Only Administrators can apply a configuration document.</p>
        </Card>
      )}
    </div>
  );
}
