import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getMappingConfig } from "@/lib/mapping-config/get-mapping-config";
import { MappingEditor } from "@/components/mappings/mapping-editor";
import {
  discoverTargetSchemaAction,
  restoreDefaultMappingsAction,
  saveMappingsAction,
  saveTargetAttributesAction,
  searchTestPrincipalsAction,
  testExpressionAction,
} from "../actions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ objectType: string }> }): Promise<Metadata> {
  const { objectType } = await params;
  return { title: objectType === "Group" ? "Group mappings" : "User mappings" };
}

export default async function MappingsPage({ params }: { params: Promise<{ appId: string; objectType: string }> }) {
  const { appId, objectType } = await params;
  if (objectType !== "User" && objectType !== "Group") notFound();
  const config = await getMappingConfig(appId, objectType).catch((e: unknown) => {
    if (isAppError(e) && e.code === "application.not_found") notFound();
    throw e;
  });
  return (
    <MappingEditor
      key={objectType}
      initial={config}
      actions={{
        save: saveMappingsAction,
        restore: restoreDefaultMappingsAction,
        saveAttributes: saveTargetAttributesAction,
        discover: discoverTargetSchemaAction,
        testExpression: testExpressionAction,
        searchPrincipals: searchTestPrincipalsAction,
      }}
    />
  );
}
