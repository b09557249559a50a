import type { z } from "zod";
import { getProvisioningConfig, type ProvisioningConfigView } from "./get-provisioning-config";
import { provisioningSettingsSchema, saveProvisioningConfig } from "./save-provisioning-config";

/** Some of the Provisioning page's fields; the rest keep their saved values (the REST API's PATCH). */
export const updateProvisioningConfigInput = provisioningSettingsSchema.partial();
export type UpdateProvisioningConfigInput = z.input<typeof updateProvisioningConfigInput>;

/**
 * Changes some provisioning settings: the saved configuration with these fields over it goes through
 * saveProvisioningConfig, so the rules are the Provisioning page's (all or nothing, Status On only after a
 * passed Test Connection, the token write-only: left out or blank, the saved one stays).
 */
export async function updateProvisioningConfig(
  applicationId: string,
  changes: UpdateProvisioningConfigInput,
  actor: string,
): Promise<ProvisioningConfigView> {
  const v = updateProvisioningConfigInput.parse(changes);
  const saved = await getProvisioningConfig(applicationId);
  return saveProvisioningConfig(
    {
      applicationId,
      mode: v.mode ?? saved.mode,
      tenantUrl: v.tenantUrl ?? saved.tenantUrl,
      secretToken: v.secretToken ?? "",
      notificationEmail: v.notificationEmail ?? saved.notificationEmail,
      sendOnFailure: v.sendOnFailure ?? saved.sendOnFailure,
      scope: v.scope ?? saved.scope,
      preventAccidentalDeletion: v.preventAccidentalDeletion ?? saved.preventAccidentalDeletion,
      deletionThreshold: v.deletionThreshold ?? saved.deletionThreshold,
      skipOutOfScopeDeletions: v.skipOutOfScopeDeletions ?? saved.skipOutOfScopeDeletions,
      enabled: v.enabled ?? saved.enabled,
    },
    actor,
  );
}
