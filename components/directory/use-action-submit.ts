"use client";

import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";
import { useHydrated } from "./use-hydrated";

/**
 * Submits a form to a server action without React's automatic form reset, so that what the admin typed
 * stays in place when the server answers with field errors.
 */
export function useActionSubmit<T>(action: (formData: FormData) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const ready = useHydrated();
  const [result, setResult] = useState<ActionResult<T> | null>(null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      try {
        setResult(await action(formData));
      } catch (e) {
        // Redirects are handled by Next.js before they get here; anything else is a transport failure.
        setResult({ ok: false, error: e instanceof Error && /body exceeded/i.test(e.message) ? "The upload is larger than the server accepts." : "The server could not be reached. Nothing was saved; try again." });
      }
    });
  }
  const fieldError = (name: string) => (result && !result.ok ? result.fieldErrors?.[name] : undefined);
  return { pending, ready, result, setResult, onSubmit, fieldError };
}
