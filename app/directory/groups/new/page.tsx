import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { PageHeader } from "@/components/ui/page-header";
import { GroupForm } from "@/components/directory/group-form";
import { createGroupAction } from "../actions";

export const metadata: Metadata = { title: "New group" };

export default async function NewGroupPage() {
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href="/directory/groups" className="text-blue-700 hover:underline">
          ← Groups
        </Link>
      </p>
      <PageHeader title="New group" description="Create a group, then add members on its page." />
      {(await canCurrentUserChange()) ? (
        <Card>
          <GroupForm mode="create" action={createGroupAction} />
        </Card>
      ) : (
        <Alert tone="info" title="Only Administrators create groups">
          Readers can view the directory but not change it.
        </Alert>
      )}
    </div>
  );
}
