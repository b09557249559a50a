import type { ProvisioningConfigView } from "@/lib/applications/provisioning/get-provisioning-config";
import type { SaveProvisioningConfigInput } from "@/lib/applications/provisioning/save-provisioning-config";

/** The Provisioning tab's draft: what the admin has typed since the last save. */
export type ProvisioningFormState = {
  mode: "Manual" | "Automatic";
  tenantUrl: string;
  /** A new token typed by the admin; "" keeps the saved one. Lives only in this browser tab until saved. */
  secretToken: string;
  replacingToken: boolean;
  notificationEmail: string;
  sendOnFailure: boolean;
  scope: "AssignedOnly" | "All";
  preventAccidentalDeletion: boolean;
  deletionThreshold: string;
  skipOutOfScopeDeletions: boolean;
  enabled: boolean;
};

export type UpdateField = <K extends keyof ProvisioningFormState>(key: K, value: ProvisioningFormState[K]) => void;

/** What every section of the form is given: the saved view, the draft, its inline errors and the setter. */
export type SectionProps = {
  view: ProvisioningConfigView;
  form: ProvisioningFormState;
  errors: Record<string, string>;
  update: UpdateField;
  readOnly: boolean;
};

export function formFrom(view: ProvisioningConfigView): ProvisioningFormState {
  return {
    mode: view.mode,
    tenantUrl: view.tenantUrl,
    secretToken: "",
    replacingToken: !view.hasSecretToken || view.secretTokenUnreadable,
    notificationEmail: view.notificationEmail,
    sendOnFailure: view.sendOnFailure,
    scope: view.scope,
    preventAccidentalDeletion: view.preventAccidentalDeletion,
    deletionThreshold: String(view.deletionThreshold),
    skipOutOfScopeDeletions: view.skipOutOfScopeDeletions,
    enabled: view.enabled,
  };
}

export function isDirty(form: ProvisioningFormState, view: ProvisioningConfigView): boolean {
  const saved = formFrom(view);
  return (Object.keys(saved) as (keyof ProvisioningFormState)[]).some(
    (k) => k !== "replacingToken" && form[k] !== saved[k],
  );
}

/** The token the form would send: "" while the saved one is kept. */
export function tokenInForm(form: ProvisioningFormState): string {
  return form.replacingToken ? form.secretToken : "";
}

export function toFormData(values: Record<string, string | boolean>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, String(value));
  return data;
}

export function saveFormData(applicationId: string, form: ProvisioningFormState): FormData {
  return toFormData({
    applicationId,
    mode: form.mode,
    tenantUrl: form.tenantUrl,
    secretToken: tokenInForm(form),
    notificationEmail: form.notificationEmail,
    sendOnFailure: form.sendOnFailure,
    scope: form.scope,
    preventAccidentalDeletion: form.preventAccidentalDeletion,
    deletionThreshold: form.deletionThreshold,
    skipOutOfScopeDeletions: form.skipOutOfScopeDeletions,
    enabled: form.enabled,
  } satisfies Record<keyof SaveProvisioningConfigInput, string | boolean>);
}
