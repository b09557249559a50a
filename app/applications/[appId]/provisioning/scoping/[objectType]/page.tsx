import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getScopingConfig } from "@/lib/mapping-config/get-scoping-config";
import { ScopingEditor } from "@/components/mappings/scoping-editor";
import { listScopeObjectsAction, previewScopeAction, saveScopingFiltersAction } from "../actions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ objectType: string }> }): Promise<Metadata> {
  const { objectType } = await params;
  return { title: objectType === "Group" ? "Group scoping filters" : "User scoping filters" };
}

export default async function ScopingPage({ params }: { params: Promise<{ appId: string; objectType: string }> }) {
  const { appId, objectType } = await params;
  if (objectType !== "User" && objectType !== "Group") notFound();
  const config = await getScopingConfig(appId, objectType).catch((e: unknown) => {
    if (isAppError(e) && e.code === "application.not_found") notFound();
    throw e;
  });
  return (
    <ScopingEditor
      key={objectType}
      initial={config}
      actions={{ save: saveScopingFiltersAction, preview: previewScopeAction, list: listScopeObjectsAction }}
    />
  );
}
