"use client";

import { useActionState, useId, useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";

type RenameAction = (
  prev: ActionResult<{ changed: boolean }> | null,
  formData: FormData,
) => Promise<ActionResult<{ changed: boolean }>>;

/** The application's name, editable in place. */
export function RenameApplicationForm({
  applicationId,
  name,
  action,
}: {
  applicationId: string;
  name: string;
  action: RenameAction;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  // Controlled, so that React's reset of the form after submitting keeps what the admin typed.
  const [value, setValue] = useState(name);
  const inputId = useId();
  const nameError = state && !state.ok ? (state.fieldErrors?.name ?? state.error) : undefined;
  return (
    <form action={formAction} noValidate className="space-y-2">
      <input type="hidden" name="applicationId" value={applicationId} />
      <Field label="Name" htmlFor={inputId} error={nameError}>
        <div className="flex gap-2">
          <Input
            id={inputId}
            name="name"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            maxLength={200}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${inputId}-error` : undefined}
          />
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Rename"}
          </Button>
        </div>
      </Field>
      {state?.ok ? <Alert tone="success">{state.data.changed ? "Name saved." : "The name is unchanged."}</Alert> : null}
    </form>
  );
}
