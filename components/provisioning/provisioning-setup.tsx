"use client";

import type { ProvisioningConfigView } from "@/lib/applications/provisioning/get-provisioning-config";
import { Alert } from "@/components/ui/alert";
import { useCanChange } from "@/components/ui/role-context";
import { ReadOnlyNote } from "@/components/ui/read-only";
import { SetupChecklist } from "./setup-checklist";
import { AdminCredentialsSection } from "./admin-credentials-section";
import { MappingsSummarySection } from "./mappings-summary-section";
import { NotificationEmailSection } from "./notification-email-section";
import { ManualModeNote, ProvisioningModeSection } from "./provisioning-mode-section";
import { ProvisioningSaveBar } from "./provisioning-save-bar";
import { ProvisioningStatusSection } from "./provisioning-status-section";
import { SettingsSection } from "./settings-section";
import { useProvisioningForm, type SaveAction, type TestAction } from "./use-provisioning-form";

/**
 * The Provisioning tab: Entra's setup page, one form saved all or nothing, with Test Connection and a
 * checklist. Its sections follow the tutorial's order; Manual mode shows only the first.
 */
export function ProvisioningSetup({
  initial,
  actions,
}: {
  initial: ProvisioningConfigView;
  actions: { save: SaveAction; test: TestAction };
}) {
  // Readers see the saved configuration with every field disabled and no Save, Test Connection or Replace.
  const readOnly = !useCanChange();
  const f = useProvisioningForm(initial, actions);
  const section = { view: f.view, form: f.form, errors: f.errors, update: f.update, readOnly };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <aside className="lg:order-last">
        <div className="space-y-4 lg:sticky lg:top-4">
          <SetupChecklist checklist={f.view.checklist} />
        </div>
      </aside>

      <form onSubmit={f.submit} noValidate className="min-w-0" aria-label="Provisioning configuration">
        <fieldset disabled={readOnly} className="min-w-0 space-y-5">
          {readOnly ? (
            <ReadOnlyNote>
              Read-only: Readers can view the provisioning configuration but not change it. The Secret Token is never
              shown.
            </ReadOnlyNote>
          ) : null}
          {f.formError ? (
            <Alert tone="error" title="Nothing was saved">
              {f.formError}
            </Alert>
          ) : null}
          {f.savedNotice && !f.dirty ? (
            <Alert tone="success" title="Saved">
              The provisioning configuration is saved.
            </Alert>
          ) : null}

          <ProvisioningModeSection {...section} />
          {f.form.mode !== "Automatic" ? (
            <ManualModeNote templateName={f.view.template.name} readOnly={readOnly} />
          ) : (
            <>
              <AdminCredentialsSection
                {...section}
                tokenFieldRef={f.tokenFieldRef}
                onReplaceToken={f.replaceToken}
                onKeepSavedToken={f.keepSavedToken}
                test={f.credentialsTest}
                savedCredentialsUntouched={f.savedCredentialsUntouched}
              />
              <NotificationEmailSection {...section} />
              <MappingsSummarySection view={f.view} readOnly={readOnly} />
              <SettingsSection {...section} />
              <ProvisioningStatusSection {...section} testPassed={Boolean(f.credentialsTest.fresh?.ok)} />
            </>
          )}
        </fieldset>
        {readOnly ? null : <ProvisioningSaveBar dirty={f.dirty} saving={f.saving} onDiscard={f.discard} />}
      </form>
    </div>
  );
}
