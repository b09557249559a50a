"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";
import { useActionSubmit } from "./use-action-submit";

export type GroupFormValues = {
  id?: string;
  displayName?: string;
  mailNickname?: string | null;
  description?: string | null;
  mail?: string | null;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
};

export function GroupForm({
  mode,
  values = {},
  action,
  disabled = false,
}: {
  mode: "create" | "edit";
  values?: GroupFormValues;
  action: (formData: FormData) => Promise<ActionResult<unknown>>;
  disabled?: boolean;
}) {
  const { pending, ready, result, onSubmit, fieldError } = useActionSubmit(action);
  const saved = mode === "edit" && result?.ok ? (result.data as { changed: string[] }) : null;
  const text = (
    name: "displayName" | "mailNickname" | "description" | "mail",
    label: string,
    opts: { required?: boolean; hint?: string; placeholder?: string; type?: string } = {},
  ) => {
    const id = `group-${name}`;
    const error = fieldError(name);
    return (
      <Field
        htmlFor={id}
        label={
          <>
            {label}
            {opts.required ? (
              <span aria-hidden="true" className="text-red-700">
                {" "}
                *
              </span>
            ) : null}
            <span className="ml-2 font-mono text-xs font-normal text-slate-400">{name}</span>
          </>
        }
        hint={opts.hint}
        error={error}
      >
        <Input
          id={id}
          name={name}
          type={opts.type ?? "text"}
          required={opts.required}
          defaultValue={values[name] ?? ""}
          placeholder={opts.placeholder}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </Field>
    );
  };
  return (
    <form
      onSubmit={onSubmit}
      method="post"
      noValidate
      className="space-y-5"
      aria-label={mode === "create" ? "New group" : "Edit properties"}
    >
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      {result && !result.ok ? (
        <Alert tone="error" title={mode === "create" ? "The group was not created" : "The changes were not saved"}>
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
      <fieldset disabled={disabled || pending} className="grid gap-4 sm:grid-cols-2">
        {text("displayName", "Group name", { required: true, placeholder: "VPN Users" })}
        {text("mailNickname", "Mail nickname", { placeholder: "vpn-users", hint: "No spaces." })}
        <div className="sm:col-span-2">{text("description", "Description")}</div>
        {text("mail", "Email", { type: "email", placeholder: "vpn-users@contoso.com" })}
        <div className="flex flex-wrap gap-x-6 gap-y-2 sm:col-span-2">
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name="securityEnabled"
              defaultChecked={values.securityEnabled ?? true}
              className="h-4 w-4 rounded border-slate-300"
            />
            Security enabled <span className="font-mono text-xs text-slate-400">securityEnabled</span>
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name="mailEnabled"
              defaultChecked={values.mailEnabled ?? false}
              className="h-4 w-4 rounded border-slate-300"
            />
            Mail enabled <span className="font-mono text-xs text-slate-400">mailEnabled</span>
          </label>
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={disabled || pending || !ready}>
          {pending
            ? mode === "create"
              ? "Creating…"
              : "Saving…"
            : mode === "create"
              ? "Create group"
              : "Save changes"}
        </Button>
        {disabled ? <p className="text-sm text-slate-600">Restore the group to edit it.</p> : null}
      </div>
    </form>
  );
}
