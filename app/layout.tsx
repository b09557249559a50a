import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import "./globals.css";
import { Providers } from "./providers";
import { NavLink } from "@/components/ui/nav-link";
import { UserMenu } from "@/components/auth/user-menu";
import { AuthShellLayout } from "@/components/auth/auth-shell-layout";
import { getCurrentUser } from "@/app/_lib/current-user";
import { canChangeThings } from "@/lib/auth/roles";
import { RoleProvider } from "@/components/ui/role-context";
import { ReadOnlyBanner } from "@/components/ui/read-only";

export const metadata: Metadata = {
  title: { default: "Provisio", template: "%s · Provisio" },
  description: "Self-hosted user provisioning over SCIM 2.0",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed out (sign-in and set-up screens): no navigation. Reading the session also makes every page
  // dynamic, which the per-request CSP nonce needs.
  const user = await getCurrentUser();
  if (!user) return <AuthShellLayout>{children}</AuthShellLayout>;
  return (
    <html lang="en">
      <body>
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <div className="flex min-h-screen">
          <aside className="w-60 shrink-0 border-r border-slate-200 bg-white">
            <div className="px-5 py-4">
              <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
                Provisio
              </Link>
              <p className="text-xs text-slate-500">User provisioning over SCIM 2.0</p>
            </div>
            <UserMenu user={user} />
            <nav aria-label="Main" className="space-y-5 px-3 pb-6">
              <div className="space-y-0.5">
                <NavLink href="/" exact>
                  Overview
                </NavLink>
              </div>
              <div>
                <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Source directory
                </p>
                <div className="space-y-0.5">
                  <NavLink href="/directory/users">Users</NavLink>
                  <NavLink href="/directory/groups">Groups</NavLink>
                  <NavLink href="/directory/import">Bulk import</NavLink>
                  <NavLink href="/sources">Sources</NavLink>
                </div>
              </div>
              <div>
                <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Applications</p>
                <div className="space-y-0.5">
                  <NavLink href="/applications" exact>
                    Enterprise applications
                  </NavLink>
                  <NavLink href="/applications/gallery">Gallery</NavLink>
                  <NavLink href="/logs">Provisioning logs</NavLink>
                </div>
              </div>
              <div>
                <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Tools</p>
                <div className="space-y-0.5">
                  <NavLink href="/sandbox">Sandbox SCIM target</NavLink>
                  <NavLink href="/outbox">Email outbox</NavLink>
                  <NavLink href="/audit">Audit log</NavLink>
                  <NavLink href="/api-reference">REST API</NavLink>
                </div>
              </div>
            </nav>
          </aside>
          <main id="main" className="min-w-0 flex-1 px-8 py-6">
            {canChangeThings(user.role) ? null : <ReadOnlyBanner />}
            <RoleProvider role={user.role}>
              <Providers>{children}</Providers>
            </RoleProvider>
          </main>
        </div>
      </body>
    </html>
  );
}
