"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";

type Created = { name: string; token: string; expiresAt: string | null };

const EXPIRY_CHOICES = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

/** Creates an API token and shows it once, with a copy button; it cannot be shown again. */
export function CreateApiTokenForm({ action }: { action: (fd: FormData) => Promise<ActionResult<Created>> }) {
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const fd = new FormData(form);
    startTransition(async () => {
      const result = await action(fd);
      if (result.ok) {
        form.reset();
        setFieldErrors({});
        setError(null);
        setCopied(false);
        setCreated(result.data);
      } else {
        setCreated(null);
        setFieldErrors(result.fieldErrors ?? {});
        setError(result.error);
      }
    });
  }

  async function copy(token: string) {
    await navigator.clipboard?.writeText(token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {created ? (
        <Alert tone="success" title={`API token "${created.name}" created`}>
          <p>Copy it now: it is shown only once and cannot be seen again.</p>
          <div className="mt-2 flex items-center gap-2">
            <label className="sr-only" htmlFor="new-api-token-value">
              New API token
            </label>
            <Input
              id="new-api-token-value"
              readOnly
              value={created.token}
              className="font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button onClick={() => void copy(created.token)}>{copied ? "Copied" : "Copy"}</Button>
            <Button variant="ghost" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
          <p className="mt-2 text-xs">
            Send it as <code>Authorization: Bearer …</code> to <code>/api/v1</code>.{" "}
            {created.expiresAt ? `It expires ${created.expiresAt.slice(0, 10)}.` : "It does not expire."}
          </p>
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        <Field
          label="Token name"
          htmlFor="api-token-name"
          hint="What uses it; changes made with it carry this name in the audit trail."
          error={fieldErrors.name}
        >
          <Input id="api-token-name" name="name" autoComplete="off" required aria-invalid={Boolean(fieldErrors.name)} />
        </Field>
        <Field label="Token role" htmlFor="api-token-role" error={fieldErrors.role}>
          <Select id="api-token-role" name="role" defaultValue="Reader">
            <option value="Reader">Reader: reads configuration and logs</option>
            <option value="Administrator">Administrator: changes everything</option>
          </Select>
        </Field>
        <Field label="Expires after" htmlFor="api-token-expiry" error={fieldErrors.expiresInDays}>
          <Select id="api-token-expiry" name="expiresInDays" defaultValue="90">
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.label} value={c.value}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}
