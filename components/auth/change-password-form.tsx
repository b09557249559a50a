"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { postJson } from "./post-json";

export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setMessage(null);
    setFieldErrors({});
    const result = await postJson("/api/auth/password", Object.fromEntries(new FormData(form).entries()));
    setBusy(false);
    if (result.ok) {
      form.reset();
      setMessage({ tone: "success", text: "Password changed. Your other sessions were signed out." });
    } else {
      setMessage({ tone: "error", text: result.error });
      setFieldErrors(result.fieldErrors ?? {});
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" action="/api/auth/password" className="max-w-sm space-y-4" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field label="Current password" htmlFor="currentPassword" error={fieldErrors.currentPassword}>
        <Input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(fieldErrors.currentPassword)}
        />
      </Field>
      <Field
        label="New password"
        htmlFor="newPassword"
        hint={`At least ${minLength} characters.`}
        error={fieldErrors.newPassword}
      >
        <Input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fieldErrors.newPassword)}
        />
      </Field>
      <Field label="Confirm new password" htmlFor="confirmPassword" error={fieldErrors.confirmPassword}>
        <Input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fieldErrors.confirmPassword)}
        />
      </Field>
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
