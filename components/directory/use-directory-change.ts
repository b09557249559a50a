"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { useHydrated } from "./use-hydrated";

type Message = { tone: "success" | "error"; text: string } | null;

/**
 * One change at a time to a directory object (disable, delete, add a member, …): which control started
 * it, and a message with the outcome. Controls stay disabled until the page has hydrated and while a
 * change runs.
 */
export function useDirectoryChange(opts: { onSettled?: () => void } = {}) {
  const [running, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  function run(key: string, call: () => Promise<ActionResult<unknown>>, success: string) {
    setBusy(key);
    setMessage(null);
    startTransition(async () => {
      try {
        const result = await call();
        setMessage(result.ok ? { tone: "success", text: success } : { tone: "error", text: result.error });
      } catch {
        setMessage({ tone: "error", text: "The server could not be reached. Nothing was changed; try again." });
      } finally {
        setBusy(null);
        opts.onSettled?.();
      }
    });
  }

  return {
    run,
    /** A change is running (or the page is not interactive yet). */
    pending: running || !hydrated,
    running,
    /** The key of the control whose change is running. */
    busy,
    message,
  };
}
