"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";

export function AddAdminUserForm({
  action,
  minLength,
}: {
  action: (fd: FormData) => Promise<ActionResult<{ username: string }>>;
  minLength: number;
}) {
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
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
        setMessage({ tone: "success", text: `${result.data.username} can now sign in.` });
      } else {
        setFieldErrors(result.fieldErrors ?? {});
        setMessage({ tone: "error", text: result.error });
      }
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Username" htmlFor="new-username" error={fieldErrors.username}>
          <Input
            id="new-username"
            name="username"
            autoComplete="off"
            required
            aria-invalid={Boolean(fieldErrors.username)}
          />
        </Field>
        <Field label="Display name (optional)" htmlFor="new-displayName" error={fieldErrors.displayName}>
          <Input id="new-displayName" name="displayName" autoComplete="off" />
        </Field>
        <Field
          label="Initial password"
          htmlFor="new-password"
          hint={`At least ${minLength} characters. Share it safely; they can change it on their account page.`}
          error={fieldErrors.password}
        >
          <Input
            id="new-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={Boolean(fieldErrors.password)}
          />
        </Field>
        <Field label="Role" htmlFor="new-role" error={fieldErrors.role}>
          <Select id="new-role" name="role" defaultValue="Reader">
            <option value="Reader">Reader: views configuration and logs</option>
            <option value="Administrator">Administrator: changes everything</option>
          </Select>
        </Field>
      </div>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Adding…" : "Add person"}
      </Button>
    </form>
  );
}
