import Link from "next/link";
import { prisma } from "@/lib/db/prisma";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { listApplicationHealth } from "@/lib/applications/list-application-health";
import { ApplicationHealthTable } from "@/components/applications/application-health-table";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const [users, groups, apps, health] = await Promise.all([
    prisma.directoryUser.count({ where: { deletedAt: null } }),
    prisma.directoryGroup.count({ where: { deletedAt: null } }),
    prisma.application.count(),
    listApplicationHealth(),
  ]);
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Overview"
        description="Keep your applications' users and groups in step with the source directory, over SCIM 2.0."
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Users">
          <p className="text-3xl font-semibold" data-testid="count-users">
            {users}
          </p>
          <Link className="text-sm text-blue-700 hover:underline" href="/directory/users">
            Browse users
          </Link>
        </Card>
        <Card title="Groups">
          <p className="text-3xl font-semibold" data-testid="count-groups">
            {groups}
          </p>
          <Link className="text-sm text-blue-700 hover:underline" href="/directory/groups">
            Browse groups
          </Link>
        </Card>
        <Card title="Enterprise applications">
          <p className="text-3xl font-semibold" data-testid="count-apps">
            {apps}
          </p>
          <Link className="text-sm text-blue-700 hover:underline" href="/applications">
            Manage applications
          </Link>
        </Card>
      </div>
      <section aria-labelledby="health-heading" className="mt-8 space-y-3">
        <h2 id="health-heading" className="text-lg font-semibold text-slate-900">
          Provisioning health
        </h2>
        <ApplicationHealthTable rows={health} />
      </section>
    </div>
  );
}
