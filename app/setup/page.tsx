import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-shell";
import { SetupForm } from "@/components/auth/setup-form";
import { hasAnyAdminUser } from "@/lib/auth/create-admin-user";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/** First start only: creates the first Administrator. Once one exists this page sends everyone to sign-in. */
export default async function SetupPage() {
  if (await hasAnyAdminUser()) redirect("/signin");
  return (
    <AuthShell
      title="Welcome to Provisio"
      description="Nobody can sign in yet. Create the first Administrator: this account can change everything, including adding other people."
    >
      <SetupForm minLength={PASSWORD_MIN_LENGTH} />
    </AuthShell>
  );
}
