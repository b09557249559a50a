import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { CheckboxField } from "./checkbox-field";
import type { ProvisioningFormState, SectionProps } from "./provisioning-form-state";

/** Settings: the scope, and the guards on deletions. */
export function SettingsSection({ form, errors, update }: SectionProps) {
  return (
    <Card id="settings" title="Settings" description="Who is provisioned, and how deletions are guarded.">
      <div className="max-w-md space-y-4">
        <Field label="Scope" htmlFor="scope" error={errors.scope}>
          <Select
            id="scope"
            value={form.scope}
            onChange={(e) => update("scope", e.target.value as ProvisioningFormState["scope"])}
          >
            <option value="AssignedOnly">Sync only assigned users and groups</option>
            <option value="All">Sync all users and groups</option>
          </Select>
        </Field>
        {form.scope === "All" ? (
          <p className="text-xs text-amber-800">
            Every user and group in the source directory will be provisioned, assigned or not.
          </p>
        ) : null}
        <CheckboxField
          id="preventAccidentalDeletion"
          checked={form.preventAccidentalDeletion}
          onChange={(v) => update("preventAccidentalDeletion", v)}
          hint="A cycle that would disable or delete more objects than the threshold stops and waits for approval."
        >
          Prevent accidental deletion
        </CheckboxField>
        <div className="pl-6">
          <Field
            label="Accidental deletion threshold"
            htmlFor="deletionThreshold"
            error={errors.deletionThreshold}
            hint="The most disables plus deletes one cycle may do."
          >
            <Input
              id="deletionThreshold"
              inputMode="numeric"
              className="max-w-32"
              value={form.deletionThreshold}
              disabled={!form.preventAccidentalDeletion}
              onChange={(e) => update("deletionThreshold", e.target.value)}
              aria-invalid={Boolean(errors.deletionThreshold)}
              aria-describedby={errors.deletionThreshold ? "deletionThreshold-error" : undefined}
            />
          </Field>
        </div>
        <CheckboxField
          id="skipOutOfScopeDeletions"
          checked={form.skipOutOfScopeDeletions}
          onChange={(v) => update("skipOutOfScopeDeletions", v)}
          hint="Users who leave the scope stay active in the application instead of being disabled."
        >
          Skip out-of-scope deletions
        </CheckboxField>
      </div>
    </Card>
  );
}
