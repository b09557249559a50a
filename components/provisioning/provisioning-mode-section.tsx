import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import type { ProvisioningFormState, SectionProps } from "./provisioning-form-state";

/** Provisioning Mode: Manual or Automatic. Once Automatic is saved, Manual is no longer offered. */
export function ProvisioningModeSection({ view, form, errors, update, readOnly }: SectionProps) {
  return (
    <Card
      id="provisioning-mode"
      title="Provisioning Mode"
      description="Manual: this service does not provision the application. Automatic: it keeps the application's users and groups in step over SCIM 2.0."
    >
      <div className="max-w-sm">
        <Field
          label="Provisioning Mode"
          htmlFor="mode"
          error={errors.mode}
          hint={
            view.mode === "Automatic" && !readOnly
              ? "Automatic provisioning is saved. To stop provisioning, turn Provisioning Status Off."
              : undefined
          }
        >
          <Select
            id="mode"
            value={form.mode}
            onChange={(e) => update("mode", e.target.value as ProvisioningFormState["mode"])}
            aria-invalid={Boolean(errors.mode)}
          >
            {view.mode === "Manual" ? <option value="Manual">Manual</option> : null}
            <option value="Automatic">Automatic</option>
          </Select>
        </Field>
      </div>
    </Card>
  );
}

/** In Manual mode the rest of the page stays hidden; this says why. */
export function ManualModeNote({ templateName, readOnly }: { templateName: string; readOnly: boolean }) {
  return (
    <Alert tone="info" title="Manual provisioning">
      Nothing is sent to {templateName}.
      {readOnly ? null : (
        <>
          {" "}
          Choose <strong>Automatic</strong> to enter its Tenant URL and Secret Token, then save.
        </>
      )}
    </Alert>
  );
}
