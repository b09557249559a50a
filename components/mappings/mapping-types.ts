import type { ActionResult } from "@/lib/action-result";
import type { DiscoveryResult } from "@/lib/mapping-config/discover-target-schema";
import type { MappingConfigView, MappingView } from "@/lib/mapping-config/get-mapping-config";
import type { SaveMappingsInput, SaveTargetAttributesInput } from "@/lib/mapping-config/mapping-config-schemas";
import type { TestPrincipal } from "@/lib/mapping-config/search-test-principals";
import type { MappingObjectType } from "@/lib/mapping-config/source-attributes";
import type { ExpressionTestResult } from "@/lib/mapping-config/test-expression";

/** A mapping row while the admin edits it; `key` identifies it in the draft (saved rows reuse their id). */
export type DraftMapping = Omit<MappingView, "id"> & { key: string };

export type MappingEditorActions = {
  save: (input: SaveMappingsInput) => Promise<ActionResult<MappingConfigView>>;
  restore: (input: {
    applicationId: string;
    objectType: MappingObjectType;
  }) => Promise<ActionResult<MappingConfigView>>;
  saveAttributes: (input: SaveTargetAttributesInput) => Promise<ActionResult<MappingConfigView>>;
  discover: (input: {
    applicationId: string;
    objectType: MappingObjectType;
  }) => Promise<ActionResult<{ discovery: DiscoveryResult; config: MappingConfigView }>>;
  testExpression: (input: {
    applicationId: string;
    objectType: MappingObjectType;
    principalId: string;
    mappingType: "Direct" | "Constant" | "Expression";
    source: string;
    defaultValue?: string | null;
  }) => Promise<ActionResult<ExpressionTestResult>>;
  searchPrincipals: (input: { objectType: MappingObjectType; query: string }) => Promise<ActionResult<TestPrincipal[]>>;
};

export const APPLY_ON_LABEL = { Always: "Always", CreateOnly: "Only during object creation" } as const;
