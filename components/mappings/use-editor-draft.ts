"use client";

import { useMemo, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";

export type EditorNotice = { tone: "success" | "error" | "info"; title: string; body?: string } | null;

/**
 * What the mapping and scoping editors share: the saved configuration, the page's draft of it and whether
 * they differ, field errors from the last refused save, a notice, and a write (Save, Restore) that adopts
 * the server's answer. `toDraft` and `fingerprint` must be stable (module-level) functions; the fingerprint
 * leaves out the draft's row keys, so a draft equal to the saved configuration is not dirty.
 */
export function useEditorDraft<Config, Draft>({
  initial,
  toDraft,
  fingerprint,
}: {
  initial: Config;
  toDraft: (config: Config) => Draft;
  fingerprint: (draft: Draft) => string;
}) {
  const [config, setConfig] = useState(initial);
  const [draft, setDraft] = useState(() => toDraft(initial));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<EditorNotice>(null);
  // Counts resets of the draft to a saved configuration (save, restore, discard), for previews that follow it.
  const [version, setVersion] = useState(0);
  const [pending, startTransition] = useTransition();
  const saved = useMemo(() => fingerprint(toDraft(config)), [config, fingerprint, toDraft]);
  const dirty = fingerprint(draft) !== saved;

  function adopt(next: Config) {
    setConfig(next);
    setDraft(toDraft(next));
    setServerErrors({});
    setVersion((v) => v + 1);
  }

  /** Runs a call that writes the configuration; the notice says how it went. */
  function write(
    call: () => Promise<ActionResult<Config>>,
    messages: { success: NonNullable<EditorNotice>; failure: string; showFieldErrors: boolean },
  ) {
    setNotice(null);
    startTransition(async () => {
      const r = await call();
      if (r.ok) {
        adopt(r.data);
        setNotice(messages.success);
      } else {
        if (messages.showFieldErrors) setServerErrors(r.fieldErrors ?? {});
        setNotice({ tone: "error", title: messages.failure, body: r.error });
      }
    });
  }

  return {
    config,
    setConfig,
    draft,
    setDraft,
    dirty,
    serverErrors,
    notice,
    version,
    pending,
    write,
    discard: () => adopt(config),
  };
}
