"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";
import { useActionSubmit } from "./use-action-submit";

type FieldDef = {
  name: string;
  label: string;
  required?: boolean;
  type?: string;
  hint?: string;
  placeholder?: string;
  autoComplete?: string;
};

const sections: { title: string; fields: FieldDef[] }[] = [
  {
    title: "Identity",
    fields: [
      { name: "displayName", label: "Display name", required: true, placeholder: "Adele Vance" },
      {
        name: "userPrincipalName",
        label: "User principal name",
        required: true,
        placeholder: "adele.vance@contoso.com",
        hint: "The sign-in name, user@domain. Unique in the directory.",
      },
      {
        name: "mailNickname",
        label: "Mail nickname",
        placeholder: "adele.vance",
        hint: "No spaces. Left empty, it is taken from the user principal name.",
      },
      { name: "givenName", label: "First name", autoComplete: "off" },
      { name: "surname", label: "Last name", autoComplete: "off" },
      { name: "mail", label: "Email", type: "email", placeholder: "adele.vance@contoso.com" },
      { name: "employeeId", label: "Employee ID", hint: "At most 16 characters." },
    ],
  },
  {
    title: "Job information",
    fields: [
      { name: "jobTitle", label: "Job title" },
      { name: "department", label: "Department" },
      { name: "companyName", label: "Company name" },
      { name: "officeLocation", label: "Office location" },
    ],
  },
  {
    title: "Contact information",
    fields: [
      { name: "streetAddress", label: "Street address" },
      { name: "city", label: "City" },
      { name: "state", label: "State or province" },
      { name: "postalCode", label: "ZIP or postal code" },
      { name: "country", label: "Country or region" },
      { name: "usageLocation", label: "Usage location", placeholder: "US", hint: "Two-letter country code." },
      { name: "telephoneNumber", label: "Office phone", type: "tel" },
      { name: "mobilePhone", label: "Mobile phone", type: "tel" },
      { name: "preferredLanguage", label: "Preferred language", placeholder: "en-US" },
    ],
  },
];

export type UserFormValues = Partial<Record<string, string | null>> & { id?: string };

export function UserForm({
  mode,
  values = {},
  action,
  disabled = false,
}: {
  mode: "create" | "edit";
  values?: UserFormValues;
  action: (formData: FormData) => Promise<ActionResult<unknown>>;
  disabled?: boolean;
}) {
  const { pending, ready, result, onSubmit, fieldError } = useActionSubmit(action);
  const saved = mode === "edit" && result?.ok ? (result.data as { changed: string[] }) : null;
  return (
    <form
      onSubmit={onSubmit}
      method="post"
      noValidate
      className="space-y-6"
      aria-label={mode === "create" ? "New user" : "Edit properties"}
    >
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      {result && !result.ok ? (
        <Alert tone="error" title={mode === "create" ? "The user was not created" : "The changes were not saved"}>
          {Object.values(result.fieldErrors ?? {}).includes(result.error)
            ? "Correct the highlighted field and try again."
            : result.error}
        </Alert>
      ) : null}
      {saved ? (
        <Alert tone="success">
          {saved.changed.length > 0 ? `Saved. Changed: ${saved.changed.join(", ")}.` : "Saved. Nothing had changed."}
        </Alert>
      ) : null}
      <fieldset disabled={disabled || pending} className="space-y-6">
        {sections.map((section) => (
          <div key={section.title}>
            <h3 className="mb-3 text-sm font-semibold text-slate-900">{section.title}</h3>
            <div className="grid gap-4 sm:grid-cols-2">
              {section.fields.map((f) => {
                const id = `user-${f.name}`;
                const error = fieldError(f.name);
                return (
                  <Field
                    key={f.name}
                    htmlFor={id}
                    label={
                      <>
                        {f.label}
                        {f.required ? (
                          <span aria-hidden="true" className="text-red-700">
                            {" "}
                            *
                          </span>
                        ) : null}
                        <span className="ml-2 font-mono text-xs font-normal text-slate-400">{f.name}</span>
                      </>
                    }
                    hint={mode === "edit" && f.name === "mailNickname" ? "No spaces." : f.hint}
                    error={error}
                  >
                    <Input
                      id={id}
                      name={f.name}
                      type={f.type ?? "text"}
                      required={f.required}
                      defaultValue={values[f.name] ?? ""}
                      placeholder={f.placeholder}
                      autoComplete={f.autoComplete ?? "off"}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                  </Field>
                );
              })}
            </div>
          </div>
        ))}
        {mode === "create" ? (
          <div>
            <h3 className="mb-3 text-sm font-semibold text-slate-900">Settings</h3>
            <input type="hidden" name="accountEnabledPresent" value="1" />
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="accountEnabled"
                defaultChecked
                className="h-4 w-4 rounded border-slate-300"
              />
              Account enabled <span className="font-mono text-xs text-slate-400">accountEnabled</span>
            </label>
            <p className="mt-1 text-xs text-slate-500">
              A disabled account is blocked from signing in, and provisioning disables it in applications.
            </p>
          </div>
        ) : null}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={disabled || pending || !ready}>
          {pending ? (mode === "create" ? "Creating…" : "Saving…") : mode === "create" ? "Create user" : "Save changes"}
        </Button>
        {disabled ? <p className="text-sm text-slate-600">Restore the user to edit its properties.</p> : null}
      </div>
    </form>
  );
}
