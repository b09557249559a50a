"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { postJson } from "./post-json";

export function SetupForm({ minLength }: { minLength: number }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const result = await postJson("/api/auth/setup", Object.fromEntries(fd.entries()));
    if (result.ok) {
      // A full load, so that the root layout reads the new session and role from the cookie.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/");
      return;
    }
    setBusy(false);
    setError(result.error);
    setFieldErrors(result.fieldErrors ?? {});
  }

  return (
    <form onSubmit={onSubmit} method="post" action="/api/auth/setup" className="space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field
        label="Username"
        htmlFor="username"
        hint="Letters, digits and . _ @ + - (no spaces)."
        error={fieldErrors.username}
      >
        <Input
          id="username"
          name="username"
          autoComplete="username"
          autoFocus
          required
          aria-invalid={Boolean(fieldErrors.username)}
        />
      </Field>
      <Field label="Display name (optional)" htmlFor="displayName" error={fieldErrors.displayName}>
        <Input id="displayName" name="displayName" autoComplete="name" />
      </Field>
      <Field
        label="Password"
        htmlFor="password"
        hint={`At least ${minLength} characters. A passphrase of a few words works well.`}
        error={fieldErrors.password}
      >
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          aria-invalid={Boolean(fieldErrors.password)}
        />
      </Field>
      <Field label="Confirm password" htmlFor="confirmPassword" error={fieldErrors.confirmPassword}>
        <Input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fieldErrors.confirmPassword)}
        />
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={busy}>
        {busy ? "Creating…" : "Create Administrator"}
      </Button>
    </form>
  );
}
