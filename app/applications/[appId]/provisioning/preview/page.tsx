import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { loadJobForApplication } from "@/lib/mapping-config/load-job-for-application";
import { WhatWillChange } from "@/components/mappings/what-will-change";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "What will change" };

export default async function PreviewPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  await loadJobForApplication(appId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "application.not_found") notFound();
    throw e;
  });
  return (
    <div className="space-y-4">
      <Link href={`/applications/${appId}/provisioning`} className="text-sm text-blue-700 hover:underline">
        ← Provisioning
      </Link>
      <WhatWillChange applicationId={appId} version={0} autoLoad />
    </div>
  );
}
