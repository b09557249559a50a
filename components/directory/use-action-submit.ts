"use client";

import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
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
  const formRef = useRef<HTMLFormElement | null>(null);

  // After a refused submit, take the admin to the first field to fix (or to the message when no field is named).
  useEffect(() => {
    // Wait until the transition is over: fields inside a disabled fieldset cannot take focus.
    if (pending || !result || result.ok || !formRef.current) return;
    const invalid = formRef.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else formRef.current.querySelector<HTMLElement>('[role="alert"]')?.scrollIntoView({ block: "center" });
  }, [result, pending]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    formRef.current = event.currentTarget;
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      try {
        setResult(await action(formData));
      } catch (e) {
        // Redirects are handled by Next.js before they get here; anything else is a transport failure.
        setResult({
          ok: false,
          error:
            e instanceof Error && /body exceeded/i.test(e.message)
              ? "The upload is larger than the server accepts."
              : "The server could not be reached. Nothing was saved; try again.",
        });
      }
    });
  }
  const fieldError = (name: string) => (result && !result.ok ? result.fieldErrors?.[name] : undefined);
  return { pending, ready, result, setResult, onSubmit, fieldError };
}
