"use client";

import { useId } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useActionSubmit } from "@/components/directory/use-action-submit";

/** Name and kind of a new source; the source's page opens with its Tenant URL once it is added. */
export function AddSourceForm({ action }: { action: (formData: FormData) => Promise<ActionResult<{ id: string }>> }) {
  const { pending, ready, result, onSubmit, fieldError } = useActionSubmit(action);
  const nameId = useId();
  const kindId = useId();
  const nameError = fieldError("name");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-end">
        <Field label="Name" htmlFor={nameId} error={nameError}>
          <Input
            id={nameId}
            name="name"
            required
            maxLength={80}
            placeholder="Contoso Entra ID"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${nameId}-error` : undefined}
          />
        </Field>
        <Field label="Kind" htmlFor={kindId}>
          <Select id={kindId} name="kind" defaultValue="ScimPush">
            <option value="ScimPush">SCIM push (Entra ID, Okta, …)</option>
            <option value="Ldap:ActiveDirectory">LDAP: Active Directory</option>
            <option value="Ldap:OpenLdap">LDAP: OpenLDAP, 389 DS, FreeIPA</option>
          </Select>
        </Field>
        <Button type="submit" variant="primary" disabled={pending || !ready}>
          {pending ? "Adding…" : "Add source"}
        </Button>
      </div>
      {result && !result.ok && !nameError ? <Alert tone="error">{result.error}</Alert> : null}
    </form>
  );
}
