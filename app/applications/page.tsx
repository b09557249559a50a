import type { Metadata } from "next";
import Link from "next/link";
import { listApplications } from "@/lib/applications/list-applications";
import { PageHeader } from "@/components/ui/page-header";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { AppLogo } from "@/components/applications/app-logo";
import { ProvisioningStatusBadge } from "@/components/applications/provisioning-status-badge";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

export const metadata: Metadata = { title: "Enterprise applications" };
export const dynamic = "force-dynamic";

export default async function ApplicationsPage() {
  const [apps, canChange] = await Promise.all([listApplications(), canCurrentUserChange()]);
  return (
    <div className="max-w-6xl">
      <PageHeader
        title="Enterprise applications"
        description="Applications whose users and groups Provisio keeps in step with the source directory."
        actions={
          canChange ? (
            <LinkButton href="/applications/gallery" variant="primary">
              New application
            </LinkButton>
          ) : null
        }
      />
      {apps.length === 0 ? (
        <EmptyState
          title="No applications yet"
          action={
            canChange ? (
              <LinkButton href="/applications/gallery" variant="primary">
                Browse the gallery
              </LinkButton>
            ) : undefined
          }
        >
          {canChange
            ? "Add Zscaler Two, Zscaler One or any SCIM 2.0 application from the gallery, then assign users and groups and set up provisioning."
            : "An Administrator adds applications from the gallery. They will appear here."}
        </EmptyState>
      ) : (
        <Table aria-label="Enterprise applications">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Template</Th>
              <Th>Provisioning</Th>
              <Th className="text-right">Assigned</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => (
              <Tr key={a.id}>
                <Td>
                  <Link
                    href={`/applications/${a.id}`}
                    className="flex items-center gap-2.5 font-medium text-blue-700 hover:underline"
                  >
                    <AppLogo logo={a.logo} size="sm" />
                    {a.name}
                  </Link>
                </Td>
                <Td>{a.templateName}</Td>
                <Td>
                  <ProvisioningStatusBadge status={a.provisioningStatus} />
                </Td>
                <Td className="text-right tabular-nums">{a.assignedCount}</Td>
                <Td className="whitespace-nowrap text-slate-600">{formatTimestamp(a.createdAt)}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
