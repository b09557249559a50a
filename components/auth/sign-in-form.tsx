"use client";

import { useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { postJson } from "./post-json";

/** `secondary`: single sign-on is the main way in, so the password button steps back. */
export function SignInForm({
  next,
  initialError,
  secondary = false,
}: {
  next: string;
  initialError?: string;
  secondary?: boolean;
}) {
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const result = await postJson("/api/auth/signin", { username: fd.get("username"), password: fd.get("password") });
    if (result.ok) {
      // A full load, so the layout and every server component see the new session.
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(result.error);
    setFieldErrors(result.fieldErrors ?? {});
    if (passwordRef.current) {
      passwordRef.current.value = "";
      passwordRef.current.focus();
    }
  }

  return (
    // method/action: before hydration the browser posts the form to the route handler (never a GET with the password).
    <form onSubmit={onSubmit} method="post" action="/api/auth/signin" className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="Username" htmlFor="username" error={fieldErrors.username}>
        <Input
          id="username"
          name="username"
          autoComplete="username"
          autoFocus
          required
          aria-invalid={Boolean(fieldErrors.username)}
        />
      </Field>
      <Field label="Password" htmlFor="password" error={fieldErrors.password}>
        <Input
          ref={passwordRef}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(fieldErrors.password)}
        />
      </Field>
      <Button type="submit" variant={secondary ? "secondary" : "primary"} className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
