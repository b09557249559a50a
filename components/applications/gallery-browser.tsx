"use client";

import { useActionState, useId, useMemo, useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { AppLogo } from "./app-logo";
import { ModalDialog } from "./modal-dialog";
import { useCanChange } from "@/components/ui/role-context";
import { ReadOnlyNote } from "@/components/ui/read-only";

export type GalleryTile = {
  id: string;
  name: string;
  publisher: string;
  description: string;
  logo: { text: string; color: string };
};

type CreateAction = (
  prev: ActionResult<{ id: string }> | null,
  formData: FormData,
) => Promise<ActionResult<{ id: string }>>;

function AddApplicationForm({
  template,
  action,
  onCancel,
}: {
  template: GalleryTile;
  action: CreateAction;
  onCancel: () => void;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  // Controlled, so that React's reset of the form after a failed submit keeps what the admin typed.
  const [name, setName] = useState(template.name);
  const nameError = state && !state.ok ? state.fieldErrors?.name : undefined;
  const formError = state && !state.ok && !nameError ? state.error : undefined;
  const inputId = useId();
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="templateId" value={template.id} />
      <Field
        label="Name"
        htmlFor={inputId}
        hint="How the application appears in your list. You can rename it later."
        error={nameError}
      >
        <Input
          id={inputId}
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          autoFocus
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${inputId}-error` : undefined}
        />
      </Field>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create"}
        </Button>
      </div>
    </form>
  );
}

/** The gallery: a searchable set of template tiles, each with an "Add" button that opens the create form. */
export function GalleryBrowser({ templates, createAction }: { templates: GalleryTile[]; createAction: CreateAction }) {
  const canChange = useCanChange();
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<GalleryTile | null>(null);
  const searchId = useId();
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return templates;
    return templates.filter((t) => [t.name, t.publisher, t.description].some((s) => s.toLowerCase().includes(q)));
  }, [templates, query]);

  return (
    <div className="space-y-5">
      {canChange ? null : (
        <ReadOnlyNote>Readers can browse the gallery, but only Administrators add applications.</ReadOnlyNote>
      )}
      <div className="max-w-sm">
        <label htmlFor={searchId} className="block text-sm font-medium text-slate-800">
          Search the gallery
        </label>
        <Input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Zscaler, SCIM…"
          className="mt-1"
        />
      </div>
      <p className="sr-only" role="status">
        {visible.length === 1 ? "1 application" : `${visible.length} applications`}
      </p>
      {visible.length === 0 ? (
        <EmptyState title="No application matches your search">
          Try another name. Any application with a SCIM 2.0 endpoint can be added as &ldquo;SCIM 2.0 application&rdquo;.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {visible.map((t) => (
            <li key={t.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex items-start gap-3">
                <AppLogo logo={t.logo} size="lg" />
                <div className="min-w-0">
                  <h2 className="font-semibold text-slate-900">{t.name}</h2>
                  <p className="text-xs text-slate-500">{t.publisher}</p>
                </div>
              </div>
              <p className="mt-3 flex-1 text-sm text-slate-600">{t.description}</p>
              {canChange ? (
                <div className="mt-4">
                  <Button variant="primary" aria-label={`Add ${t.name}`} onClick={() => setSelected(t)}>
                    Add
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ModalDialog
        open={selected !== null}
        onClose={() => setSelected(null)}
        title={selected ? `Add ${selected.name}` : ""}
        description="The application starts with the template's attribute mappings. Provisioning stays off until you set it up."
      >
        {selected ? (
          <AddApplicationForm
            key={selected.id}
            template={selected}
            action={createAction}
            onCancel={() => setSelected(null)}
          />
        ) : null}
      </ModalDialog>
    </div>
  );
}
