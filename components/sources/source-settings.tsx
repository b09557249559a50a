"use client";

import { useId, useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ConfirmAction } from "@/components/sandbox/confirm-action";
import { useActionSubmit } from "@/components/directory/use-action-submit";

/** What turning a source off and deleting it mean, by kind: an IdP pushes to a SCIM source, an LDAP one is read. */
const EFFECTS = {
  ScimPush: {
    on: "Turning the source off refuses its requests (403) until you turn it on again. Its users and groups stay as they are.",
    off: "The source is off: its requests are refused. Turn it on to accept pushes again.",
    delete:
      "Deleting the source revokes its tokens and forgets what it pushed. Its users and groups stay in the directory and become editable in Provisio; applications keep them.",
  },
  Ldap: {
    on: "Turning the source off stops its syncs until you turn it on again. Its users and groups stay as they are.",
    off: "The source is off: the directory is not read. Turn it on to sync again.",
    delete:
      "Deleting the source removes its connection settings and bind password and stops its syncs. Its users and groups stay in the directory and become editable in Provisio; applications keep them.",
  },
} as const;

/** Rename, turn off and on, or delete a source (Administrators only). */
export function SourceSettings({
  id,
  name,
  status,
  kind,
  updateAction,
  deleteAction,
}: {
  id: string;
  name: string;
  status: string;
  kind: string;
  updateAction: (formData: FormData) => Promise<ActionResult<undefined>>;
  deleteAction: (id: string) => Promise<ActionResult<undefined>>;
}) {
  const rename = useActionSubmit(updateAction);
  const toggle = useActionSubmit(updateAction);
  const [value, setValue] = useState(name);
  const nameId = useId();
  const nameError = rename.fieldError("name");
  const active = status === "Active";
  const effects = kind === "Ldap" ? EFFECTS.Ldap : EFFECTS.ScimPush;
  return (
    <div className="space-y-5">
      <form onSubmit={rename.onSubmit} noValidate className="flex max-w-xl items-end gap-2">
        <input type="hidden" name="id" value={id} />
        <div className="flex-1">
          <Field label="Name" htmlFor={nameId} error={nameError}>
            <Input
              id={nameId}
              name="name"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              maxLength={80}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${nameId}-error` : undefined}
            />
          </Field>
        </div>
        <Button type="submit" disabled={rename.pending || !rename.ready}>
          {rename.pending ? "Saving…" : "Rename"}
        </Button>
      </form>
      {rename.result?.ok ? <Alert tone="success">Name saved.</Alert> : null}
      {rename.result && !rename.result.ok && !nameError ? <Alert tone="error">{rename.result.error}</Alert> : null}

      <form onSubmit={toggle.onSubmit} className="space-y-2">
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="status" value={active ? "Disabled" : "Active"} />
        <p className="text-sm text-slate-700">{active ? effects.on : effects.off}</p>
        <Button type="submit" disabled={toggle.pending || !toggle.ready}>
          {active ? "Turn off" : "Turn on"}
        </Button>
        {toggle.result && !toggle.result.ok ? <Alert tone="error">{toggle.result.error}</Alert> : null}
      </form>

      <div className="space-y-2 border-t border-slate-100 pt-4">
        <p className="text-sm text-slate-700">{effects.delete}</p>
        <ConfirmAction
          label="Delete source"
          question="Delete this source and release its users and groups?"
          confirmLabel="Yes, delete"
          workingLabel="Deleting…"
          success="The source was deleted."
          variant="danger"
          action={() => deleteAction(id)}
        />
      </div>
    </div>
  );
}
