import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { GroupForm } from "@/components/directory/group-form";
import { createGroupAction } from "../actions";

export const metadata: Metadata = { title: "New group" };

export default function NewGroupPage() {
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link href="/directory/groups" className="text-blue-700 hover:underline">
          ← Groups
        </Link>
      </p>
      <PageHeader title="New group" description="Create a group, then add members on its page." />
      <Card>
        <GroupForm mode="create" action={createGroupAction} />
      </Card>
    </div>
  );
}
