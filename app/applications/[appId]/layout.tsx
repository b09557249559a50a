import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadApplication } from "@/components/applications/load-application";
import { AppLogo } from "@/components/applications/app-logo";
import { AppTabs } from "@/components/applications/app-tabs";

export const dynamic = "force-dynamic";

export default async function ApplicationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ appId: string }>;
}) {
  const { appId } = await params;
  const app = await loadApplication(appId);
  if (!app) notFound();
  return (
    <div className="max-w-6xl">
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500">
        <Link href="/applications" className="hover:underline">
          All applications
        </Link>
        <span aria-hidden="true"> › </span>
        <span className="text-slate-700">{app.name}</span>
      </nav>
      <header className="mb-4 flex items-center gap-4">
        <AppLogo logo={app.logo} size="lg" />
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{app.name}</h1>
          <p className="text-sm text-slate-600">Enterprise application · {app.templateName}</p>
        </div>
      </header>
      <AppTabs appId={app.id} />
      <div className="pt-6">{children}</div>
    </div>
  );
}
