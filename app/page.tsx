import Link from "next/link";
import { prisma } from "@/lib/db/prisma";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const [users, groups, apps] = await Promise.all([
    prisma.directoryUser.count({ where: { deletedAt: null } }),
    prisma.directoryGroup.count({ where: { deletedAt: null } }),
    prisma.application.count(),
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
    </div>
  );
}
