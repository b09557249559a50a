import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { PageHeader } from "@/components/ui/page-header";
import { UserForm } from "@/components/directory/user-form";
import { createUserAction } from "../actions";

export const metadata: Metadata = { title: "New user" };

export default async function NewUserPage() {
  return (
    <div className="max-w-4xl">
      <p className="mb-2 text-sm">
        <Link href="/directory/users" className="text-blue-700 hover:underline">
          ← Users
        </Link>
      </p>
      <PageHeader title="New user" description="Create a user in the source directory. Fields marked * are required." />
      {(await canCurrentUserChange()) ? (
        <Card>
          <UserForm mode="create" action={createUserAction} />
        </Card>
      ) : (
        <Alert tone="info" title="Only Administrators create users">
          Readers can view the directory but not change it.
        </Alert>
      )}
    </div>
  );
}
