"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { runAction } from "@/app/_lib/run-action";
import { adminAction } from "@/app/_lib/admin-action";
import { discoverTargetSchema, type DiscoveryResult } from "@/lib/mapping-config/discover-target-schema";
import { getMappingConfig, type MappingConfigView } from "@/lib/mapping-config/get-mapping-config";
import type { MappingObjectType } from "@/lib/mapping-config/source-attributes";
import { restoreDefaultMappings } from "@/lib/mapping-config/restore-default-mappings";
import { saveMappings } from "@/lib/mapping-config/save-mappings";
import type { SaveMappingsInput, SaveTargetAttributesInput } from "@/lib/mapping-config/mapping-config-schemas";
import { saveTargetAttributes } from "@/lib/mapping-config/save-target-attributes";
import { searchTestPrincipals, type TestPrincipal } from "@/lib/mapping-config/search-test-principals";
import { testExpression, type ExpressionTestResult } from "@/lib/mapping-config/test-expression";

function revalidateProvisioning(applicationId: string) {
  revalidatePath(`/applications/${applicationId}/provisioning`, "layout");
}

function objectTypeOf(value: unknown): MappingObjectType {
  return value === "Group" ? "Group" : "User";
}

/** Saves one object type's mappings, target object actions and (groups) Enabled, then returns the fresh view. */
export async function saveMappingsAction(input: SaveMappingsInput): Promise<ActionResult<MappingConfigView>> {
  const result = await adminAction(async (actor) => {
    await saveMappings(input, actor);
    return getMappingConfig(input.applicationId, objectTypeOf(input.objectType));
  });
  if (result.ok) revalidateProvisioning(result.data.applicationId);
  return result;
}

export async function restoreDefaultMappingsAction(input: {
  applicationId: string;
  objectType: MappingObjectType;
}): Promise<ActionResult<MappingConfigView>> {
  const result = await adminAction(async (actor) => {
    await restoreDefaultMappings(input, actor);
    return getMappingConfig(input.applicationId, objectTypeOf(input.objectType));
  });
  if (result.ok) revalidateProvisioning(result.data.applicationId);
  return result;
}

export async function saveTargetAttributesAction(
  input: SaveTargetAttributesInput,
): Promise<ActionResult<MappingConfigView>> {
  const result = await adminAction(async (actor) => {
    await saveTargetAttributes(input, actor);
    return getMappingConfig(input.applicationId, objectTypeOf(input.objectType));
  });
  if (result.ok) revalidateProvisioning(result.data.applicationId);
  return result;
}

export async function discoverTargetSchemaAction(input: {
  applicationId: string;
  objectType: MappingObjectType;
}): Promise<ActionResult<{ discovery: DiscoveryResult; config: MappingConfigView }>> {
  const result = await adminAction(async (actor) => {
    const discovery = await discoverTargetSchema(input, actor);
    return { discovery, config: await getMappingConfig(input.applicationId, objectTypeOf(input.objectType)) };
  });
  if (result.ok) revalidateProvisioning(input.applicationId);
  return result;
}

export async function testExpressionAction(
  input: Parameters<typeof testExpression>[0],
): Promise<ActionResult<ExpressionTestResult>> {
  return runAction(() => testExpression(input));
}

export async function searchTestPrincipalsAction(input: {
  objectType: MappingObjectType;
  query: string;
}): Promise<ActionResult<TestPrincipal[]>> {
  return runAction(() => searchTestPrincipals(input));
}
