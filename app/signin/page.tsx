import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AuthShell } from "@/components/auth/auth-shell";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { oidcConfig } from "@/lib/auth/oidc-config";
import { oidcErrorMessage } from "@/lib/auth/oidc-sign-in-errors";
import { hasAnyAdminUser } from "@/lib/auth/create-admin-user";
import { safeNextPath } from "@/lib/auth/request-policy";
import { getCurrentUser } from "@/app/_lib/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  invalid: "The username or password is not correct.",
  rate_limited: "Too many failed sign-in attempts. Wait up to 15 minutes and try again.",
  missing: "Enter your username and password.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const next = safeNextPath(typeof sp.next === "string" ? sp.next : null);
  if (await getCurrentUser()) redirect(next);
  if (!(await hasAnyAdminUser())) redirect("/setup");
  const sso = oidcConfig();
  const error = typeof sp.error === "string" ? sp.error : undefined;
  // Single sign-on failures come back as ?error=sso_… and show above the "Sign in with …" button.
  const ssoError = error && sso ? oidcErrorMessage(error, sso.displayName) : undefined;
  return (
    <AuthShell title="Sign in" description="Sign in to manage provisioning.">
      {sp.signedOut ? (
        <div className="mb-4">
          <Alert tone="success">You are signed out.</Alert>
        </div>
      ) : null}
      {ssoError ? (
        <div className="mb-4">
          <Alert tone="error">{ssoError}</Alert>
        </div>
      ) : null}
      {sso ? (
        <div className="mb-4">
          <SsoSignIn providerName={sso.displayName} next={next} />
        </div>
      ) : null}
      <SignInForm next={next} initialError={error ? ERRORS[error] : undefined} secondary={Boolean(sso)} />
    </AuthShell>
  );
}
